package io.cdpkit.test;

import io.cdpkit.core.profile.Profile;

/**
 * AssertJ entry points for CDPKit's domain: {@code assertThat(profile)}, {@code
 * assertThat(context.segment("name"))}. Static-import alongside AssertJ's {@code Assertions}.
 */
public final class CdpAssertions {
  private CdpAssertions() {}

  public static ProfileAssert assertThat(Profile profile) {
    return new ProfileAssert(profile);
  }

  public static SegmentAssert assertThat(SegmentView segment) {
    return new SegmentAssert(segment);
  }
}
