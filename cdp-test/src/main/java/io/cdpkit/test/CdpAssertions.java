package io.cdpkit.test;

import io.cdpkit.core.profile.Profile;
import io.cdpkit.workflows.testing.RecordingEmailSender;

/**
 * AssertJ entry points for CDPKit's domain: {@code assertThat(profile)}, {@code
 * assertThat(context.segment("name"))}, {@code assertThat(context.emails())}, {@code
 * assertThat(context.workflow("name"))}. Static-import alongside AssertJ's {@code Assertions}.
 */
public final class CdpAssertions {
  private CdpAssertions() {}

  public static ProfileAssert assertThat(Profile profile) {
    return new ProfileAssert(profile);
  }

  public static SegmentAssert assertThat(SegmentView segment) {
    return new SegmentAssert(segment);
  }

  public static EmailsAssert assertThat(RecordingEmailSender emails) {
    return new EmailsAssert(emails);
  }

  public static WorkflowAssert assertThat(WorkflowView workflow) {
    return new WorkflowAssert(workflow);
  }
}
