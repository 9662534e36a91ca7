package io.cdpkit.test;

import static io.cdpkit.test.CdpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

@CdpTest(start = "2026-06-15T09:00:00Z")
final class WelcomeEmailsTest {

  private static Step email(String id, String subject) {
    return new Step.SendEmail(id, id, "$identifier.email", null, subject, "<p>Hi {{name}}</p>", null,
        List.of(MergeTag.of("name", "first_name", "there")));
  }

  private static Workflow welcome() {
    return Workflow.builder("welcome").trigger(Trigger.eventAdded("registered"))
        .consent(ConsentRule.channel("email"))
        .step(email("welcome-1", "Welcome!")).step(Step.waitFor("pause-1", Duration.ofDays(2)))
        .step(email("welcome-2", "Your tickets")).step(Step.waitFor("pause-2", Duration.ofDays(2)))
        .step(email("welcome-3", "See you there")).build();
  }

  @Test
  void threeWelcomeEmailsGoToEveryNewRegistrationWithConsent_andNoneWithout(CdpTestContext cdp) {
    cdp.workflows().save(welcome());
    cdp.cdp().identify(Identify.builder().profileId("ann").email("ann@example.com").set("first_name", "Ann").build());
    cdp.cdp().identify(Identify.builder().profileId("bob").email("bob@example.com").build());
    cdp.cdp().recordConsent("ann", ConsentChange.of("email", ConsentStatus.GRANTED, cdp.now(), "signup"));
    cdp.cdp().track(Track.builder("registered").profileId("ann").build());
    cdp.cdp().track(Track.builder("registered").profileId("bob").build());
    cdp.runDue();
    cdp.advance(Duration.ofDays(2)).advance(Duration.ofDays(2));
    assertThat(cdp.emails()).hasSent(3).sentTo("ann@example.com", "ann@example.com", "ann@example.com")
        .withSubjects("Welcome!", "Your tickets", "See you there").emailBodyContains(0, "Hi Ann").hasNoDuplicateSends();
    assertThat(cdp.workflow("welcome")).hasEnrollment("ann", EnrollmentState.COMPLETED).hasFigures(1, 1, 0);
  }

  /** Fifty workflow tests, concurrently: the figure the issue asks for (under 5 s). */
  @RepeatedTest(50)
  @Execution(ExecutionMode.CONCURRENT)
  void fiftyWelcomeRuns(CdpTestContext cdp) {
    cdp.workflows().save(welcome());
    cdp.cdp().identify(Identify.builder().profileId("ann").email("ann@example.com").set("first_name", "Ann").build());
    cdp.cdp().recordConsent("ann", ConsentChange.of("email", ConsentStatus.GRANTED, cdp.now(), "signup"));
    cdp.cdp().track(Track.builder("registered").profileId("ann").build());
    cdp.runDue();
    cdp.advance(Duration.ofDays(2)).advance(Duration.ofDays(2));
    assertThat(cdp.emails()).hasSent(3).hasNoDuplicateSends();
  }

  @Test
  void assertionMessagesSayWhatWasSent(CdpTestContext cdp) {
    assertThatThrownBy(() -> assertThat(cdp.emails()).hasSent(1))
        .hasMessageContaining("Expected 1 emails sent but there were 0");
  }
}
