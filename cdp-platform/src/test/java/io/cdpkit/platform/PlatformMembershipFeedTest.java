package io.cdpkit.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.platform.memory.InMemoryPlatformStorage;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A profile changed through a Cdp that has no segments (as {@code cdp import} in another process)
 * reaches the platform's segment membership and its entry workflow at the next round of due work,
 * once, in memory as on the SQL stores.
 */
final class PlatformMembershipFeedTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void changeWithoutSegments_runDueMovesMembershipAndEnrollsOnce() {
    InMemoryPlatformStorage storage = InMemoryPlatformStorage.create();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    try (CdpPlatform platform = CdpPlatform.builder().storage(storage).clock(clock).build()) {
      platform.segments().save("pros", "plan = \"pro\"");
      platform.workflows().save(Workflow.builder("welcome")
          .trigger(Trigger.enteredSegment("pros"))
          .consent(ConsentRule.ignoreConsent())
          .step(Step.waitFor("pause", Duration.ofDays(1)))
          .build());
      Cdp plain = Cdp.builder().storage(storage).clock(clock).build();
      String ann =
          plain.identify(Identify.builder().email("ann@example.com").set("plan", "pro").build())
              .id();
      assertThat(platform.segments().isMember("pros", ann)).isFalse();

      platform.runDue(T0);
      assertThat(platform.segments().isMember("pros", ann)).isTrue();
      assertThat(platform.workflows().enrollments("welcome"))
          .extracting(Enrollment::profileId).containsExactly(ann);

      platform.runDue(T0.plusSeconds(60));
      assertThat(platform.workflows().enrollments("welcome")).hasSize(1);
      assertThat(storage.segmentStore().pendingChanges(10)).isEmpty();
    }
  }

  @Test
  void mergeWithoutSegments_runDueEndsTheAbsorbedIdsMembership() {
    InMemoryPlatformStorage storage = InMemoryPlatformStorage.create();
    Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    try (CdpPlatform platform = CdpPlatform.builder().storage(storage).clock(clock).build()) {
      platform.segments().save("pros", "plan = \"pro\"");
      String bob = platform.cdp().identify(Identify.builder().email("bob@example.com").build()).id();
      String phone = platform.cdp()
          .identify(Identify.builder().phone("+31612345678").set("plan", "pro").build()).id();
      assertThat(platform.segments().isMember("pros", phone)).isTrue();

      Cdp plain = Cdp.builder().storage(storage).clock(clock).build();
      String survivor = plain.identify(
          Identify.builder().email("bob@example.com").phone("+31612345678").build()).id();
      String absorbed = survivor.equals(bob) ? phone : bob;

      platform.runDue(T0);
      assertThat(storage.segmentStore().segmentsOf(absorbed)).isEmpty();
      assertThat(storage.segmentStore().segmentsOf(survivor)).containsExactly("pros");
      assertThat(storage.segmentStore().pendingChanges(10)).isEmpty();
    }
  }
}
