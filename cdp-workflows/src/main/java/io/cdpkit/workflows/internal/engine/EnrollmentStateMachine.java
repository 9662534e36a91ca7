package io.cdpkit.workflows.internal.engine;

import static io.cdpkit.workflows.enrollment.EnrollmentState.ACTIVE;
import static io.cdpkit.workflows.enrollment.EnrollmentState.CANCELLED;
import static io.cdpkit.workflows.enrollment.EnrollmentState.COMPLETED;
import static io.cdpkit.workflows.enrollment.EnrollmentState.EXITED_ON_GOAL;
import static io.cdpkit.workflows.enrollment.EnrollmentState.FAILED;
import static io.cdpkit.workflows.enrollment.EnrollmentState.PAUSED;
import static io.cdpkit.workflows.enrollment.EnrollmentState.WAITING;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.IllegalTransitionException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/*
 * The enrollment life cycle as data: every legal (from, signal, to) is one row of TABLE, built
 * once. apply() looks the row up and refuses anything else with the enrollment id, the attempted
 * transition and the history so far, so a bug shows up as a loud failure rather than an
 * enrollment stuck in a state no code path expects. Tests record the rows they visit (through the
 * engine's EnrollmentListener) and fail when a row was never exercised; another test renders the
 * table as the Mermaid diagram in docs/enrollment-states.md.
 */

/** The enrollment state machine: a declared transition table. */
public final class EnrollmentStateMachine {

  /** What makes an enrollment change state. */
  public enum Signal {
    /** A step waits for a timer: a wait, an event wait, quiet hours, a retry back-off. */
    WAIT,
    /** Its timer fell due, or an event it waits for arrived. */
    WAKE,
    /** It ran past its last step. */
    COMPLETE,
    /** The profile met the goal of a workflow that exits on goal. */
    REACH_GOAL,
    /** A permanent failure, or retries exhausted. */
    FAIL,
    /** Aborted, a duplicate after a merge, or its profile was deleted. */
    CANCEL,
    /** Its workflow was disabled. */
    PAUSE,
    /** Its workflow was enabled again. */
    RESUME,
    /** A failed (dead-letter) enrollment is tried again. */
    RETRY
  }

  /** One declared transition. */
  public record Transition(EnrollmentState from, Signal signal, EnrollmentState to) {
    @Override
    public String toString() {
      return from + " -" + signal + "-> " + to;
    }
  }

  /** Every declared transition, in the order the diagram shows them. */
  public static final List<Transition> TABLE =
      List.of(
          new Transition(ACTIVE, Signal.WAIT, WAITING),
          new Transition(WAITING, Signal.WAKE, ACTIVE),
          new Transition(ACTIVE, Signal.COMPLETE, COMPLETED),
          new Transition(ACTIVE, Signal.REACH_GOAL, EXITED_ON_GOAL),
          new Transition(ACTIVE, Signal.FAIL, FAILED),
          new Transition(FAILED, Signal.RETRY, ACTIVE),
          new Transition(ACTIVE, Signal.PAUSE, PAUSED),
          new Transition(WAITING, Signal.PAUSE, PAUSED),
          new Transition(PAUSED, Signal.RESUME, WAITING),
          new Transition(ACTIVE, Signal.CANCEL, CANCELLED),
          new Transition(WAITING, Signal.CANCEL, CANCELLED),
          new Transition(PAUSED, Signal.CANCEL, CANCELLED));

  private static final Map<EnrollmentState, Map<Signal, Transition>> LOOKUP = lookup();

  private EnrollmentStateMachine() {}

  private static Map<EnrollmentState, Map<Signal, Transition>> lookup() {
    Map<EnrollmentState, Map<Signal, Transition>> lookup = new EnumMap<>(EnrollmentState.class);
    for (Transition transition : TABLE) {
      Transition previous =
          lookup
              .computeIfAbsent(transition.from(), s -> new EnumMap<>(Signal.class))
              .put(transition.signal(), transition);
      if (previous != null) {
        throw new IllegalStateException("two rows for " + previous + " and " + transition);
      }
    }
    return lookup;
  }

  /** The declared transition for the signal in the state, if any. */
  public static @Nullable Transition find(EnrollmentState from, Signal signal) {
    Map<Signal, Transition> row = LOOKUP.get(from);
    return row == null ? null : row.get(signal);
  }

  /**
   * The enrollment after the signal: the new state, due instant, history line, and for final
   * states the end instant and reason.
   *
   * @param dueAt the next due instant for ACTIVE, WAITING and PAUSED; ignored for final states
   * @param reason why, for FAIL and CANCEL (else null)
   * @throws IllegalTransitionException when the table declares no such transition
   */
  public static Enrollment apply(
      Enrollment enrollment,
      Signal signal,
      Instant now,
      @Nullable Instant dueAt,
      @Nullable String reason) {
    Transition transition = find(enrollment.state(), signal);
    if (transition == null) {
      throw new IllegalTransitionException(
          enrollment.id(), enrollment.state(), signal.name(), enrollment.history());
    }
    Enrollment next = enrollment.withState(transition.to(), dueAt);
    if (transition.to().isFinal()) {
      next = next.ended(reason, now);
    } else if (signal == Signal.RETRY) {
      next = next.reopened();
    }
    String line = transition.toString() + (reason == null ? "" : ": " + reason);
    return next.note(now, line);
  }

  /**
   * The waiting enrollment due at another instant, in the same state and without a history line:
   * an event it waits for arrived, so it runs at once. Not a transition.
   *
   * @throws IllegalTransitionException when it is not waiting
   */
  public static Enrollment reschedule(Enrollment waiting, Instant dueAt) {
    if (waiting.state() != WAITING) {
      throw new IllegalTransitionException(
          waiting.id(), waiting.state(), "RESCHEDULE", waiting.history());
    }
    return waiting.withState(WAITING, dueAt);
  }
}
