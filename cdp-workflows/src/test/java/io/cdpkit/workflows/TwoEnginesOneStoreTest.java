package io.cdpkit.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two engines on one store, as two application instances: a pause or an abort by one while the
 * other is in the middle of advancing the enrollment (its HTTP call in flight) wins, and resuming
 * does not send again.
 */
final class TwoEnginesOneStoreTest {
  @ParameterizedTest(name = "abort: {0}")
  @ValueSource(booleans = {false, true})
  void aPauseOrAbortWinsOverAnAdvanceInFlight(boolean abort) throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    try (EngineFixture f = new EngineFixture(new InMemoryEnrollmentStore(), request -> {
      calls.incrementAndGet();
      inFlight.countDown();
      await(stopped);
      return DeliveryOutcome.delivered();
    })) {
      WorkflowEngine other = f.newEngine();
      f.engine.save(Workflow.builder("w").trigger(Trigger.eventAdded("signup"))
          .consent(ConsentRule.ignoreConsent()).enabled(true)
          .step(new Step.HttpCall("call", "POST", "https://example.com/hook", Map.of(), "{}", null,
              Duration.ofSeconds(5), List.of()))
          .step(Step.waitFor("later", Duration.ofDays(1)))
          .build());
      f.cdp.track(io.cdpkit.core.Track.builder("signup")
          .identifier(io.cdpkit.core.identity.Identifier.email("a@example.com")).build());

      CompletableFuture<RunReport> advance =
          CompletableFuture.supplyAsync(() -> f.engine.runDue(f.clock.instant()));
      await(inFlight);
      if (abort) {
        other.abort("w");
      } else {
        other.disable("w");
      }
      stopped.countDown();
      advance.get(30, TimeUnit.SECONDS);

      Enrollment e = other.enrollments("w").get(0);
      assertThat(e.state()).isEqualTo(abort ? EnrollmentState.CANCELLED : EnrollmentState.PAUSED);
      if (!abort) {
        other.enable("w");
        other.runDue(f.clock.instant());
        assertThat(other.findEnrollment(e.id()).orElseThrow().stepId()).isEqualTo("later");
      }
      assertThat(calls).as("the resumed step replays the recorded outcome").hasValue(1);
      other.close();
    }
  }


  /**
   * An event that a wait step waits for, stored while another engine is advancing the enrollment
   * towards that step (its events already read), still ends the wait: the advance does not store
   * over the early wake, so the next round sees the event instead of waiting out the timeout.
   */
  @Test
  void anEventArrivingDuringAnAdvanceEndsTheWaitItEnters() throws Exception {
    CountDownLatch inFlight = new CountDownLatch(1);
    CountDownLatch stored = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    try (EngineFixture f = new EngineFixture(new InMemoryEnrollmentStore(), request -> {
      if (calls.incrementAndGet() == 1) {
        inFlight.countDown();
        await(stored);
      }
      return DeliveryOutcome.delivered();
    })) {
      WorkflowEngine other = f.newEngine();
      f.engine.save(Workflow.builder("w").trigger(Trigger.eventAdded("signup"))
          .consent(ConsentRule.ignoreConsent()).enabled(true)
          .step(new Step.Branch("known", "age > 0", List.of(), List.of()))
          .step(new Step.HttpCall("call", "POST", "https://example.com/hook", Map.of(), "{}", null,
              Duration.ofSeconds(5), List.of()))
          .step(new Step.WaitUntilEvent("wait", "purchase", Duration.ofDays(7),
              List.of(Step.waitFor("bought", Duration.ofDays(1))),
              List.of(Step.waitFor("gave-up", Duration.ofDays(1)))))
          .build());
      String ann = f.person("ann@example.com", Map.of("age", 40));
      f.track(ann, "signup", Map.of());
      Instant now = f.clock.instant();

      CompletableFuture<RunReport> advance =
          CompletableFuture.supplyAsync(() -> f.engine.runDue(now));
      await(inFlight);
      f.track(ann, "purchase", Map.of());
      other.runDue(now.minusMillis(1));
      stored.countDown();
      advance.get(30, TimeUnit.SECONDS);

      other.runDue(now);
      assertThat(other.enrollments("w").get(0).stepId())
          .as("the purchase ended the wait at once, not after 7 days").isEqualTo("bought");
      other.close();
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
