package io.cdpkit.predictions;

import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.StorageBacked;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A winback journey started by customers drifting into the winback zone at a recalculation. */
final class WinbackWorkflowTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  private final TestClock clock = TestClock.at(NOW);
  private final Cdp cdp = Cdp.builder().clock(clock).zone(ZoneOffset.UTC).build();
  private final Predictions predictions = Predictions.builder(cdp)
      .options(PredictionOptions.builder().minCustomers(100).minRepeatCustomers(20).build())
      .store(DocumentStore.inMemory())
      .build();
  private final Segments segments = Segments.builder(cdp).computed(predictions).build();
  private WorkflowEngine engine;
  private final List<SegmentTransition> transitions = new CopyOnWriteArrayList<>();

  @AfterEach
  void tearDown() {
    engine.close();
    segments.close();
    predictions.close();
    cdp.close();
  }

  @Test
  void winbackWorkflow_enrollsExactlyTheCustomersWhoEnteredTheZoneAtARecalculation() {
    new Shop(cdp, 7).customers("c", 300, NOW, 365);
    engine = WorkflowEngine.builder(cdp, segments).build();
    predictions.subscribe(r -> segments.recalculated(r.changedProfiles()));
    segments.subscribe(transitions::add);
    segments.save("winback", "$computed.winback_zone = 1");
    engine.save(Workflow.builder("winback")
        .trigger(Trigger.enteredSegment("winback"))
        .consent(ConsentRule.ignoreConsent())
        .step(Step.waitFor("pause", Duration.ofDays(7)))
        .build());

    predictions.fit();
    engine.runDue(clock.instant());

    Set<String> zoneAtFirstFit = inZone();
    assertThat(zoneAtFirstFit).isNotEmpty();
    assertThat(enrolled()).isEqualTo(zoneAtFirstFit);
    assertThat(transitions).allMatch(t -> t.cause() == SegmentTransition.Cause.RECALCULATED);

    // Two months pass; one customer in the zone orders again, the rest of the base drifts.
    String returning = zoneAtFirstFit.iterator().next();
    clock.advance(Duration.ofDays(60));
    cdp.track(Track.builder("purchase").profileId(returning).property("amount", 40).build());
    assertThat(segments.isMember("winback", returning)).as("predictions move only at a fit").isTrue();
    predictions.fit();
    engine.runDue(clock.instant());

    Set<String> zoneAtSecondFit = inZone();
    Set<String> entered = difference(zoneAtSecondFit, zoneAtFirstFit);
    assertThat(entered).isNotEmpty();
    assertThat(zoneAtSecondFit).doesNotContain(returning);
    assertThat(segments.isMember("winback", returning)).isFalse();
    assertThat(enrolled()).isEqualTo(union(zoneAtFirstFit, entered));
    assertThat(enteredAt(SegmentTransition.Cause.RECALCULATED)).isEqualTo(union(zoneAtFirstFit, entered));
  }

  private Set<String> inZone() {
    return StorageBacked.storageOf(cdp).read(s -> s.profiles().stream().map(p -> p.id()).toList()).stream()
        .filter(id -> predictions.find(id).map(Prediction::winbackZone).orElse(false))
        .collect(Collectors.toSet());
  }

  private Set<String> enrolled() {
    return engine.enrollments("winback").stream().map(Enrollment::profileId).collect(Collectors.toSet());
  }

  private Set<String> enteredAt(SegmentTransition.Cause cause) {
    return transitions.stream().filter(t -> t.entered() && t.cause() == cause)
        .map(SegmentTransition::profileId).collect(Collectors.toSet());
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    return a.stream().filter(id -> !b.contains(id)).collect(Collectors.toSet());
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
  }
}
