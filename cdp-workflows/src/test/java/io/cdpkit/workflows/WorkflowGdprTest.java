package io.cdpkit.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.testing.RecordingEmailSender;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Workflows take part in GDPR: enrollments and sends are exported and erased with the profile. */
final class WorkflowGdprTest {

  @Test
  void exportShowsEnrollmentsAndSends_erasureRemovesThem() {
    TestClock clock = TestClock.at(Instant.parse("2026-06-15T09:00:00Z"));
    InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    RecordingEmailSender emails = new RecordingEmailSender();
    try (Cdp cdp = Cdp.builder().clock(clock).build();
        Segments segments = Segments.attach(cdp);
        WorkflowEngine engine =
            WorkflowEngine.builder(cdp, segments).store(store).emailSender(emails).build()) {
      engine.save(Workflow.builder("welcome").trigger(Trigger.eventAdded("registered"))
          .consent(ConsentRule.ignoreConsent())
          .step(new Step.SendEmail("welcome-1", "welcome", "$identifier.email", null, "Welcome", "<p>Hi</p>", null, List.of()))
          .step(Step.waitFor("pause", Duration.ofDays(2)))
          .build());
      cdp.identify(Identify.builder().profileId("ann").email("ann@example.com").build());
      cdp.identify(Identify.builder().profileId("bob").email("bob@example.com").build());
      cdp.track(Track.builder("registered").profileId("ann").build());
      cdp.track(Track.builder("registered").profileId("bob").build());
      engine.runDue(clock.instant());
      assertThat(emails.sendCount()).isEqualTo(2);

      StringWriter export = new StringWriter();
      cdp.exportProfile("ann", export, "dpo");
      assertThat(export.toString())
          .contains("\"workflows\":{\"enrollments\":[{", "\"workflow\":\"welcome\"", "\"step\":\"welcome-1\"",
              "\"channel\":\"email\"", "\"status\":\"delivered\"");

      cdp.eraseProfile("ann", "dpo");
      assertThat(store.ofProfile("ann")).isEmpty();
      assertThat(store.countDelivered("ann", "email", Instant.EPOCH)).isZero();
      assertThat(store.ofProfile("bob")).hasSize(1);
      assertThat(engine.enrollments("welcome")).extracting(Enrollment::profileId).containsExactly("bob");
      clock.advance(Duration.ofDays(3));
      engine.runDue(clock.instant());
      assertThat(engine.enrollments("welcome")).extracting(Enrollment::profileId).containsExactly("bob");
    }
  }
}
