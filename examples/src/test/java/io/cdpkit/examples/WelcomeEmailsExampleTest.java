package io.cdpkit.examples;

import static io.cdpkit.test.CdpAssertions.assertThat;

import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.test.CdpTest;
import io.cdpkit.test.CdpTestContext;
import io.cdpkit.workflows.*;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an app tests its own "three welcome emails" workflow with cdp-test. */
@CdpTest
class WelcomeEmailsExampleTest {
  static Step email(String id, String subject) {
    return new Step.SendEmail(id, id, "$identifier.email", null, subject, "<p>Hi {{name}}</p>", null,
        List.of(MergeTag.of("name", "first_name", "there")));
  }

  @Test
  void everyNewRegistrationGetsThreeWelcomeEmails(CdpTestContext cdp) {
    cdp.workflows().save(Workflow.builder("welcome").trigger(Trigger.eventAdded("registered"))
        .consent(ConsentRule.channel("email")).step(email("w1", "Welcome")).step(Step.waitFor("p1", Duration.ofDays(2)))
        .step(email("w2", "Your tickets")).step(Step.waitFor("p2", Duration.ofDays(2))).step(email("w3", "See you")).build());
    cdp.cdp().identify(Identify.builder().profileId("ann").email("ann@example.com").set("first_name", "Ann").build());
    cdp.cdp().recordConsent("ann", ConsentChange.of("email", ConsentStatus.GRANTED, cdp.now(), "signup"));
    cdp.cdp().track(Track.builder("registered").profileId("ann").build());
    cdp.runDue();
    cdp.advance(Duration.ofDays(2)).advance(Duration.ofDays(2));
    assertThat(cdp.emails()).withSubjects("Welcome", "Your tickets", "See you").emailBodyContains(0, "Hi Ann");
    assertThat(cdp.workflow("welcome")).hasEnrollment("ann", EnrollmentState.COMPLETED);
  }
}
