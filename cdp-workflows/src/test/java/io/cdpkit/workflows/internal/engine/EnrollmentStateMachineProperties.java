package io.cdpkit.workflows.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.IllegalTransitionException;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine.Signal;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

final class EnrollmentStateMachineProperties {
  private static final Instant NOW = Instant.parse("2024-01-01T00:00:00Z");

  @Property(tries = 300)
  void anySignalSequence_followsTheTableOrThrows_andFinalStatesOnlyLeaveByRetry(
      @ForAll @Size(max = 30) List<Signal> signals) {
    Enrollment e = Enrollment.start("e", "w", 1, "p", "s", null, NOW);
    for (Signal signal : signals) {
      EnrollmentStateMachine.Transition declared =
          EnrollmentStateMachine.find(e.state(), signal);
      if (declared == null) {
        Enrollment before = e;
        assertThatThrownBy(() -> EnrollmentStateMachine.apply(before, signal, NOW, NOW, null))
            .isInstanceOf(IllegalTransitionException.class);
        continue;
      }
      if (e.state().isFinal()) {
        assertThat(signal).isEqualTo(Signal.RETRY);
      }
      int lines = e.history().size();
      e = EnrollmentStateMachine.apply(e, signal, NOW, NOW, "why");
      assertThat(e.state()).isEqualTo(declared.to());
      assertThat(e.history()).hasSize(lines + 1);
      assertThat(e.endedAt() != null).isEqualTo(e.state().isFinal());
      assertThat(e.dueAt() == null).isEqualTo(e.state().isFinal());
    }
  }
}
