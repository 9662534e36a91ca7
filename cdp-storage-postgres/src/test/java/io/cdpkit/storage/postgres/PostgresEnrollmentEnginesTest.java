package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.RunReport;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two application instances in one JVM (each a Cdp, a workflow engine and its own {@code
 * PostgresStorage}) on one database, running {@code runDue} at the same time: every step is sent
 * once, by one of them.
 */
final class PostgresEnrollmentEnginesTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final int USERS = 30;

  private final Map<String, Integer> calls = new ConcurrentHashMap<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static Workflow twoCalls() {
    return Workflow.builder("welcome")
        .trigger(Trigger.eventAdded("signup"))
        .consent(ConsentRule.ignoreConsent())
        .enabled(true)
        .step(call("first"))
        .step(Step.waitFor("pause", Duration.ofDays(1)))
        .step(call("second"))
        .build();
  }

  private static Step call(String id) {
    return new Step.HttpCall(
        id, "POST", "http://127.0.0.1/" + id, Map.of(), "{}", null, Duration.ofSeconds(5),
        List.of());
  }

  private record Instance(Cdp cdp, WorkflowEngine engine) {}

  private Instance instance(String url) {
    PostgresStorage storage =
        PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(3));
    Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    open.add(cdp);
    Segments segments = Segments.attach(cdp);
    open.add(segments);
    WorkflowEngine engine =
        WorkflowEngine.builder(cdp, segments)
            .store(storage.enrollmentStore())
            .httpClient(
                request -> {
                  calls.merge(request.idempotencyKey().toString(), 1, Integer::sum);
                  // A slow endpoint, so the two engines' runs overlap.
                  sleep(5);
                  return DeliveryOutcome.delivered();
                })
            .build();
    open.add(engine);
    return new Instance(cdp, engine);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Both engines run due work at {@code now} at once until neither finds any; total advanced. */
  private int runTogether(List<Instance> instances, Instant now) throws Exception {
    CyclicBarrier start = new CyclicBarrier(instances.size());
    List<Future<Integer>> runs = new ArrayList<>();
    for (Instance instance : instances) {
      runs.add(threads.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        int advanced = 0;
        for (int idle = 0; idle < 3; ) {
          RunReport report = instance.engine().runDue(now);
          advanced += report.advanced();
          idle = report.signals() == 0 && report.advanced() == 0 ? idle + 1 : 0;
        }
        return advanced;
      }));
    }
    int advanced = 0;
    for (Future<Integer> run : runs) {
      advanced += run.get(120, TimeUnit.SECONDS);
    }
    return advanced;
  }

  @Test
  void twoEnginesRunningAtOnceSendEveryStepOnce() throws Exception {
    String url = TestPostgres.freshDatabaseUrl();
    List<Instance> instances = List.of(instance(url), instance(url));
    for (Instance instance : instances) {
      instance.engine().save(twoCalls());
    }
    for (int user = 0; user < USERS; user++) {
      instances.get(user % 2).cdp().track(
          Track.builder("signup").identifier(Identifier.email("u" + user + "@example.com"))
              .build());
    }

    runTogether(instances, NOW);
    assertThat(calls).hasSize(USERS).allSatisfy((key, count) -> assertThat(count).isOne());
    runTogether(instances, NOW.plus(Duration.ofDays(1)));

    List<Enrollment> enrollments = instances.get(0).engine().enrollments("welcome");
    assertThat(enrollments).hasSize(USERS)
        .allSatisfy(e -> assertThat(e.state()).isEqualTo(EnrollmentState.COMPLETED));
    assertThat(calls).as("calls per idempotency key").hasSize(2 * USERS)
        .allSatisfy((key, count) -> assertThat(count).isOne());
  }
}
