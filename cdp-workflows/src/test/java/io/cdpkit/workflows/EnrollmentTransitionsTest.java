package io.cdpkit.workflows;

import static io.cdpkit.workflows.EngineFixture.email;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine.Signal;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the engine through every declared transition; fails the class when a declared transition
 * was never exercised. Also writes the diagram.
 */
final class EnrollmentTransitionsTest {
  private static final Set<String> VISITED = ConcurrentHashMap.newKeySet();

  @AfterAll
  static void everyDeclaredTransitionWasExercised() {
    Set<String> declared = ConcurrentHashMap.newKeySet();
    for (EnrollmentStateMachine.Transition t : EnrollmentStateMachine.TABLE) {
      declared.add(t.from() + " " + t.signal() + " " + t.to());
    }
    assertThat(VISITED).as("transitions exercised").containsExactlyInAnyOrderElementsOf(declared);
  }

  private static EngineFixture fixture() {
    EngineFixture f = new EngineFixture();
    f.engine.close();
    f.engine = WorkflowEngine.builder(f.cdp, f.segments).store(f.store).emailSender(f.email)
        .retryPolicy(EngineFixture.RETRY)
        .listener(new EnrollmentListener() {
          @Override
          public void onTransition(
              Enrollment e, EnrollmentState from, String signal, EnrollmentState to) {
            VISITED.add(from + " " + signal + " " + to);
          }
        })
        .build();
    return f;
  }

  @Test
  void waitWakeCompleteGoalFailRetry() {
    try (EngineFixture f = fixture()) {
      f.engine.save(Workflow.builder("w").trigger(Trigger.eventAdded("go"))
          .goal(Goal.event("buy", null), true)
          .step(Step.waitFor("pause", Duration.ofHours(1))).step(email("m", "M")).build());
      String ann = f.person("ann@example.com");
      String bob = f.person("bob@example.com");
      String cid = f.person("cid@example.com");
      f.track(ann, "go", Map.of());
      f.track(bob, "go", Map.of());
      f.track(cid, "go", Map.of());
      f.run();
      f.track(bob, "buy", Map.of());
      f.email.thenReturn(DeliveryOutcome.delivered(), DeliveryOutcome.permanent("bounced"));
      f.advance(Duration.ofHours(1));
      assertThat(f.engine.enrollments("w")).extracting(Enrollment::state)
          .containsExactlyInAnyOrder(
              EnrollmentState.COMPLETED, EnrollmentState.EXITED_ON_GOAL, EnrollmentState.FAILED);
      Enrollment failed = f.engine.failed("w").get(0);
      f.engine.retry(failed.id());
      f.run();
      assertThat(f.engine.findEnrollment(failed.id()).orElseThrow().state())
          .isEqualTo(EnrollmentState.COMPLETED);
    }
  }

  @Test
  void pauseResumeCancel() {
    try (EngineFixture f = fixture()) {
      f.engine.save(Workflow.builder("w").step(Step.waitFor("pause", Duration.ofHours(1)))
          .step(email("m", "M")).build());
      String ann = f.person("ann@example.com");
      String bob = f.person("bob@example.com");
      f.engine.enroll("w", ann);
      f.run();
      f.engine.enroll("w", bob);
      f.engine.disable("w");
      f.engine.enable("w");
      f.engine.disable("w");
      f.engine.abort("w");
      f.engine.save(Workflow.builder("v").reEntry(ReEntryPolicy.afterCompletion())
          .step(Step.waitFor("pause", Duration.ofHours(1))).build());
      f.engine.enroll("v", ann);
      f.run();
      f.engine.abort("v");
      f.engine.enroll("v", ann);
      f.engine.enable("v");
      f.engine.enroll("v", ann);
      f.engine.abort("v");
      assertThat(f.engine.figures("v").cancelled()).isEqualTo(2);
      f.engine.save(Workflow.builder("u").step(Step.waitFor("pause", Duration.ofHours(1)))
          .build());
      // A merge keeps the earliest enrollment; the later duplicate is cancelled: once while it
      // is still active, once while it is waiting.
      String waiting = f.person("waiting@example.com");
      f.engine.enroll("u", waiting);
      f.run();
      f.clock.advance(Duration.ofMinutes(1));
      String active = f.person("active@example.com");
      f.engine.enroll("u", active);
      f.cdp.merge(List.of(waiting, active), "test");
      f.run();
      String first = f.person("first@example.com");
      f.engine.enroll("u", first);
      f.clock.advance(Duration.ofMinutes(1));
      String second = f.person("second@example.com");
      f.engine.enroll("u", second);
      f.run();
      f.cdp.merge(List.of(first, second), "test");
      f.run();
      assertThat(f.engine.figures("u").cancelled()).isEqualTo(2);
    }
  }

  @Test
  void anUndeclaredTransition_throwsWithTheIdAndHistory() {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");
    Enrollment done =
        EnrollmentStateMachine.apply(
            Enrollment.start("e-1", "w", 1, "p", null, null, now), Signal.COMPLETE, now, null,
            null);
    assertThatThrownBy(() -> EnrollmentStateMachine.apply(done, Signal.WAKE, now, now, null))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("enrollment e-1: no transition from COMPLETED on WAKE")
        .hasMessageContaining("ACTIVE -COMPLETE-> COMPLETED");
  }

  @Test
  void reschedule_movesOnlyAWaitingEnrollmentsDueInstant() {
    Instant now = Instant.parse("2024-01-01T00:00:00Z");
    Enrollment active = Enrollment.start("e-2", "w", 1, "p", "s", null, now);
    Enrollment waiting =
        EnrollmentStateMachine.apply(active, Signal.WAIT, now, now.plusSeconds(60), null);
    Enrollment woken = EnrollmentStateMachine.reschedule(waiting, now);
    assertThat(woken.state()).isEqualTo(EnrollmentState.WAITING);
    assertThat(woken.dueAt()).isEqualTo(now);
    assertThat(woken.history()).isEqualTo(waiting.history());
    assertThatThrownBy(() -> EnrollmentStateMachine.reschedule(active, now))
        .isInstanceOf(IllegalTransitionException.class)
        .hasMessageContaining("enrollment e-2: no transition from ACTIVE on RESCHEDULE");
  }

  @Test
  void writesTheDiagram() throws IOException {
    StringBuilder md = new StringBuilder();
    md.append("# Enrollment states\n\n")
        .append("Generated by `EnrollmentTransitionsTest.writesTheDiagram` from the declared\n")
        .append("transition table in `EnrollmentStateMachine`; do not edit by hand. Any other\n")
        .append("transition throws `IllegalTransitionException`.\n\n")
        .append("```mermaid\nstateDiagram-v2\n")
        .append("    [*] --> ACTIVE: enroll\n");
    for (EnrollmentStateMachine.Transition t : EnrollmentStateMachine.TABLE) {
      md.append("    ").append(t.from()).append(" --> ").append(t.to()).append(": ")
          .append(t.signal()).append('\n');
    }
    for (EnrollmentState state : EnrollmentState.values()) {
      if (state.isFinal() && state != EnrollmentState.FAILED) {
        md.append("    ").append(state).append(" --> [*]\n");
      }
    }
    md.append("```\n");
    Path file = Path.of("docs", "enrollment-states.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    assertThat(file).content().contains("PAUSED --> WAITING: RESUME");
  }
}
