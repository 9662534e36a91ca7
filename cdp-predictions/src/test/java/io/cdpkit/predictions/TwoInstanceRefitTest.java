package io.cdpkit.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.predictions.internal.FitDocuments;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.postgres.TestPostgres;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two application instances on one PostgreSQL database, each with its own store, predictions,
 * segments and workflow engine, due to refit at the same moment: exactly one refits, the other
 * answers from the fit it stored, and each customer entering the winback zone is published once
 * and enrolled once.
 */
final class TwoInstanceRefitTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final int CUSTOMERS = 150;
  private static final PredictionOptions SMALL =
      PredictionOptions.builder().minCustomers(100).minRepeatCustomers(20).build();

  private final TestClock clock = TestClock.at(NOW);
  private final List<SegmentTransition> transitions = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> open = new ArrayList<>();

  /** One application instance: its own pool on the database and its own modules over it. */
  private final class Instance {
    final PostgresStorage storage;
    final Cdp cdp;
    final Predictions predictions;
    final Segments segments;
    final WorkflowEngine engine;

    Instance(String url) {
      storage = PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
      cdp = Cdp.builder().storage(storage).clock(clock).zone(ZoneOffset.UTC).build();
      predictions = Predictions.builder(cdp).options(SMALL).store(storage.documentStore()).build();
      segments = Segments.builder(cdp).store(storage.segmentStore()).groups(storage.groupStore())
          .computed(predictions).build();
      engine = WorkflowEngine.builder(cdp, segments).store(storage.enrollmentStore()).build();
      predictions.subscribe(r -> segments.recalculated(r.changedProfiles()));
      segments.subscribe(transitions::add);
      open.addAll(List.of(engine, segments, predictions, cdp));
    }
  }

  @AfterEach
  void close() throws Exception {
    for (AutoCloseable closeable : open) {
      closeable.close();
    }
  }

  @Test
  void twoInstancesDueAtOnce_refitOnce_andPublishEachEntryOnce() throws Exception {
    String url = TestPostgres.freshDatabaseUrl();
    Instance first = new Instance(url);
    new Shop(first.cdp, 7).customers("c", CUSTOMERS, NOW, 365);
    first.segments.save("winback", "$computed.winback_zone = 1");
    first.engine.save(Workflow.builder("winback")
        .trigger(Trigger.enteredSegment("winback"))
        .consent(ConsentRule.ignoreConsent())
        .step(Step.waitFor("pause", Duration.ofDays(7)))
        .build());
    Instance second = new Instance(url);

    List<Optional<PredictionFit>> runs = runDueAtOnce(first, second);
    first.engine.runDue(clock.instant());
    second.engine.runDue(clock.instant());

    assertThat(runs).filteredOn(Optional::isPresent).as("exactly one instance refits").hasSize(1);
    PredictionFit fit = runs.stream().flatMap(Optional::stream).findFirst().orElseThrow();
    assertThat(fit.predicts()).isTrue();
    assertThat(new FitDocuments(first.storage.documentStore()).latest()).contains(fit);
    // The next round of due work: nothing to refit, and the loser answers from the stored fit.
    assertThat(runDueAtOnce(first, second)).allMatch(Optional::isEmpty);
    assertThat(first.predictions.latestFit()).contains(fit);
    assertThat(second.predictions.latestFit()).contains(fit);
    List<String> entered = transitions.stream().filter(SegmentTransition::entered)
        .map(SegmentTransition::profileId).toList();
    List<String> zone = IntStream.range(0, CUSTOMERS).mapToObj(i -> "c" + i)
        .filter(id -> second.predictions.find(id).map(Prediction::winbackZone).orElse(false)).toList();
    assertThat(zone).isNotEmpty();
    assertThat(entered).as("each entry published once").containsExactlyInAnyOrderElementsOf(zone);
    assertThat(first.engine.enrollments("winback").stream().map(Enrollment::profileId)
        .collect(Collectors.toSet())).containsExactlyInAnyOrderElementsOf(zone);

    // A day later the one stored fit is stale for both: again one of them refits.
    clock.advance(Duration.ofDays(1));
    assertThat(runDueAtOnce(second, first)).filteredOn(Optional::isPresent).hasSize(1);
  }

  private List<Optional<PredictionFit>> runDueAtOnce(Instance... instances) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(instances.length);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<PredictionFit>>> runs = new ArrayList<>();
      Instant now = clock.instant();
      for (Instance instance : instances) {
        runs.add(pool.submit(() -> {
          start.await();
          return instance.predictions.runDue(now);
        }));
      }
      start.countDown();
      List<Optional<PredictionFit>> results = new ArrayList<>();
      for (Future<Optional<PredictionFit>> run : runs) {
        results.add(run.get(120, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
