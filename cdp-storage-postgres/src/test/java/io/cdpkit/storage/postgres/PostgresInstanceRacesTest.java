package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowConflictException;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.StaleEnrollmentException;
import io.cdpkit.workflows.spi.StoredSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two instances (two {@code PostgresStorage} objects) on one database, doing at the same moment
 * what the multi-instance guards are for: admitting one profile, writing one enrollment, forming
 * one sync pair's batch; and an instance restarting while it holds claims.
 */
final class PostgresInstanceRacesTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final int ROUNDS = 10;

  private final String url = TestPostgres.freshDatabaseUrl();
  private final List<PostgresStorage> open = new ArrayList<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  private final List<AutoCloseable> closing = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    for (AutoCloseable c : closing) {
      c.close();
    }
    open.forEach(PostgresStorage::close);
  }

  private PostgresStorage instance(PostgresOptions options) {
    PostgresStorage storage = PostgresStorage.open(url, options.withPoolSize(3));
    open.add(storage);
    return storage;
  }

  private PostgresStorage instance() {
    return instance(PostgresOptions.defaults());
  }

  /** Runs both calls at once, each on its own thread; their results (or failures) in order. */
  private List<Object> together(Callable<?> one, Callable<?> other) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<?>> futures = new ArrayList<>();
    for (Callable<?> call : List.of(one, other)) {
      futures.add(threads.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        return call.call();
      }));
    }
    List<Object> results = new ArrayList<>();
    for (Future<?> future : futures) {
      try {
        results.add(future.get(60, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        results.add(e.getCause());
      }
    }
    return results;
  }

  private static Enrollment enrollment(String id, String profile) {
    return Enrollment.start(id, "w", 1, profile, "s1", null, T0);
  }

  @Test
  @DisplayName("one profile admitted on two instances at once is enrolled once")
  void oneEnrollment() throws Exception {
    EnrollmentStore a = instance().enrollmentStore();
    EnrollmentStore b = instance().enrollmentStore();
    for (int round = 0; round < ROUNDS; round++) {
      String profile = "p" + round;
      long first = a.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      long second = a.appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
      Enrollment byA = enrollment("a" + round, profile);
      Enrollment byB = enrollment("b" + round, profile);
      boolean direct = round % 2 == 0;
      List<Object> inserted = direct
          ? together(() -> a.insert(byA), () -> b.insert(byB))
          : together(() -> a.completeSignal(first, List.of(NewEnrollment.of(byA))),
              () -> b.completeSignal(second, List.of(NewEnrollment.of(byB))));
      assertThat(inserted).as("round %d", round)
          .containsExactlyInAnyOrder(direct ? true : 1, direct ? false : 0);
      assertThat(a.ofProfile(profile)).as("round %d", round).hasSize(1);
    }
  }

  @Test
  @DisplayName("a pause on one instance while the other advances the enrollment is never overwritten")
  void noOverwrittenPause() throws Exception {
    EnrollmentStore a = instance().enrollmentStore();
    EnrollmentStore b = instance().enrollmentStore();
    for (int round = 0; round < ROUNDS; round++) {
      String id = "e" + round;
      a.insert(enrollment(id, "p" + round));
      Enrollment advancing = a.due(T0, 10).stream().filter(e -> e.id().equals(id)).findFirst()
          .orElseThrow();
      Enrollment pausing = b.find(id).orElseThrow();
      List<Object> writes = together(
          () -> a.update(advancing.atStep("s2", T0).withState(EnrollmentState.WAITING, T0)),
          () -> b.update(pausing.withState(EnrollmentState.PAUSED, T0)));
      Object advanced = writes.get(0);
      Object paused = writes.get(1);
      if (paused instanceof StaleEnrollmentException) {
        // The advance was stored first; the pausing instance reads it again and pauses that.
        Enrollment current = b.find(id).orElseThrow();
        paused = b.update(current.withState(EnrollmentState.PAUSED, current.dueAt()));
      } else {
        assertThat(advanced).as("round %d", round).isInstanceOf(StaleEnrollmentException.class);
      }
      assertThat(a.find(id)).as("round %d", round).contains((Enrollment) paused);
      assertThat(((Enrollment) paused).state()).isEqualTo(EnrollmentState.PAUSED);
    }
  }

  @Test
  @DisplayName("a pause or an abort on one engine while the other engine's advance is in flight wins, and nothing is sent twice")
  void pauseWinsOverAnInFlightAdvance() throws Exception {
    for (boolean abort : List.of(false, true)) {
      CountDownLatch inFlight = new CountDownLatch(1);
      CountDownLatch stopped = new CountDownLatch(1);
      Map<String, Integer> calls = new ConcurrentHashMap<>();
      Instance first = instance(request -> {
        calls.merge(request.idempotencyKey().toString(), 1, Integer::sum);
        inFlight.countDown();
        await(stopped);
        return DeliveryOutcome.delivered();
      });
      WorkflowEngine a = first.engine();
      WorkflowEngine b = instance(request -> DeliveryOutcome.delivered()).engine();
      String name = abort ? "aborted" : "paused";
      a.save(Workflow.builder(name).trigger(Trigger.eventAdded(name))
          .consent(ConsentRule.ignoreConsent()).enabled(true)
          .step(new Step.HttpCall("call", "POST", "http://127.0.0.1/call", Map.of(), "{}", null,
              Duration.ofSeconds(5), List.of()))
          .step(Step.waitFor("later", Duration.ofDays(1)))
          .build());
      first.cdp().track(Track.builder(name)
          .identifier(Identifier.email(name + "@example.com")).build());

      together(() -> a.runDue(T0), () -> {
        await(inFlight);
        try {
          return abort ? b.abort(name) : disable(b, name);
        } finally {
          stopped.countDown();
        }
      });

      Enrollment e = b.enrollments(name).get(0);
      assertThat(e.state()).isEqualTo(abort ? EnrollmentState.CANCELLED : EnrollmentState.PAUSED);
      if (!abort) {
        b.enable(name);
        b.runDue(T0);
        assertThat(b.findEnrollment(e.id()).orElseThrow().stepId()).isEqualTo("later");
      }
      assertThat(calls).as("sent once, the resumed step replays its outcome").hasSize(1)
          .allSatisfy((key, count) -> assertThat(count).isOne());
    }
  }

  @Test
  @DisplayName("two engines saving one new workflow at once store one version; different definitions get a clear conflict")
  void definitionsSavedAtOnce() throws Exception {
    WorkflowEngine a = instance(request -> DeliveryOutcome.delivered()).engine();
    WorkflowEngine b = instance(request -> DeliveryOutcome.delivered()).engine();
    for (int round = 0; round < ROUNDS; round++) {
      Workflow same = waiting("same" + round, "signup");
      assertThat(together(() -> a.save(same), () -> b.save(same))).as("round %d", round)
          .allSatisfy(saved -> assertThat(((Workflow) saved).version()).isEqualTo(1));
      String name = "different" + round;
      List<Object> saved =
          together(() -> a.save(waiting(name, "x")), () -> b.save(waiting(name, "y")));
      assertThat(saved).as("round %d", round).allSatisfy(result -> assertThat(result)
          .isInstanceOfAny(Workflow.class, WorkflowConflictException.class));
      assertThat(a.get(name).version()).isEqualTo(saved.stream()
          .filter(Workflow.class::isInstance).mapToInt(w -> ((Workflow) w).version()).max()
          .orElseThrow());
    }
  }

  private static Workflow waiting(String name, String eventType) {
    return Workflow.builder(name).trigger(Trigger.eventAdded(eventType))
        .consent(ConsentRule.ignoreConsent()).step(Step.waitFor("wait", Duration.ofDays(1)))
        .build();
  }

  private static int disable(WorkflowEngine engine, String name) {
    engine.disable(name);
    return 0;
  }

  private record Instance(Cdp cdp, WorkflowEngine engine) {}

  /** An application instance: a Cdp and a workflow engine on a store of their own. */
  private Instance instance(HttpStepClient http) {
    PostgresStorage storage = instance();
    Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    Segments segments = Segments.attach(cdp);
    WorkflowEngine engine = WorkflowEngine.builder(cdp, segments)
        .store(storage.enrollmentStore()).httpClient(http).build();
    closing.addAll(List.of(engine, segments, cdp));
    return new Instance(cdp, engine);
  }

  @Test
  @DisplayName("two instances draining the membership feed at once enroll each changed profile once")
  void membershipFeedDrainedOnce() throws Exception {
    PostgresStorage first = instance();
    Cdp cdpA = Cdp.builder().storage(first).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    Segments segmentsA = Segments.builder(cdpA)
        .store(first.segmentStore()).groups(first.groupStore()).build();
    WorkflowEngine a = WorkflowEngine.builder(cdpA, segmentsA).store(first.enrollmentStore()).build();
    closing.addAll(List.of(a, segmentsA, cdpA));
    segmentsA.save("pros", "plan = \"pro\"");
    a.save(Workflow.builder("welcome").trigger(Trigger.enteredSegment("pros"))
        .consent(ConsentRule.ignoreConsent()).step(Step.waitFor("wait", Duration.ofDays(1)))
        .build());
    PostgresStorage second = instance();
    Cdp cdpB = Cdp.builder().storage(second).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    Segments segmentsB = Segments.builder(cdpB)
        .store(second.segmentStore()).groups(second.groupStore()).build();
    WorkflowEngine b = WorkflowEngine.builder(cdpB, segmentsB).store(second.enrollmentStore()).build();
    closing.addAll(List.of(b, segmentsB, cdpB));

    // Changed by a process with no segments: only the feed tells the instances.
    Cdp plain = Cdp.builder().storage(instance()).clock(Clock.fixed(T0, ZoneOffset.UTC)).build();
    closing.add(plain);
    List<String> pros = new ArrayList<>();
    for (int i = 0; i < ROUNDS; i++) {
      pros.add(plain.identify(io.cdpkit.core.Identify.builder()
          .email("pro" + i + "@example.com").set("plan", "pro").build()).id());
    }
    assertThat(first.segmentStore().countMembers("pros")).isZero();

    together(() -> segmentsA.refresh(T0), () -> segmentsB.refresh(T0));
    together(() -> a.runDue(T0), () -> b.runDue(T0));

    assertThat(first.segmentStore().members("pros", null, 100))
        .containsExactlyInAnyOrderElementsOf(pros);
    assertThat(a.enrollments("welcome")).extracting(Enrollment::profileId)
        .containsExactlyInAnyOrderElementsOf(pros);
    assertThat(second.segmentStore().pendingChanges(100)).isEmpty();
  }

  @Test
  @DisplayName("an instance restarted after a close, or after dying under a stable instance id, takes its claims back at once")
  void immediateResumeAfterRestart() {
    PostgresStorage closing = instance();
    closing.enrollmentStore().insert(enrollment("e1", "p1"));
    long signal = closing.enrollmentStore().appendSignal(StoredSignal.Kind.EVENT_STORED, "{}");
    assertThat(closing.enrollmentStore().due(T0, 10)).hasSize(1);
    assertThat(closing.enrollmentStore().pendingSignals(10)).hasSize(1);
    assertThat(instance().enrollmentStore().due(T0, 10)).as("claimed, for 5 minutes").isEmpty();
    closing.close();
    EnrollmentStore restarted = instance().enrollmentStore();
    assertThat(restarted.due(T0, 10)).extracting(Enrollment::id).containsExactly("e1");
    assertThat(restarted.pendingSignals(10)).extracting(StoredSignal::id).containsExactly(signal);

    PostgresOptions node = PostgresOptions.defaults().withInstanceId("node-1");
    EnrollmentStore dying = instance(node).enrollmentStore();
    dying.insert(enrollment("e2", "p2"));
    assertThat(dying.due(T0, 10)).extracting(Enrollment::id).containsExactly("e2");
    assertThat(instance().enrollmentStore().due(T0, 10)).as("claimed by the dead one").isEmpty();
    assertThat(instance(node).enrollmentStore().due(T0, 10)).as("its restart, same id")
        .extracting(Enrollment::id).containsExactly("e2");
  }

  @Test
  @DisplayName("two instances forming a sync pair's batch at once: one forms, the other skips the pair")
  void oneFormsAtATime() throws Exception {
    SyncStateStore a = instance().syncStateStore();
    SyncStateStore b = instance().syncStateStore();
    a.saveState(SyncState.initial("seg", "dest", T0));
    for (int round = 0; round < ROUNDS; round++) {
      CountDownLatch forming = new CountDownLatch(1);
      CountDownLatch skipped = new CountDownLatch(1);
      List<Object> formed = together(
          () -> a.formAlone("seg", "dest", () -> {
            forming.countDown();
            await(skipped);
            return "a";
          }),
          () -> {
            await(forming);
            try {
              return b.formAlone("seg", "dest", () -> "b");
            } finally {
              skipped.countDown();
            }
          });
      assertThat(formed).as("round %d", round).containsExactly("a", null);
      assertThat(b.formAlone("seg", "dest", () -> "b")).as("released").isEqualTo("b");
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
