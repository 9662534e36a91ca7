package io.cdpkit.workflows.internal.engine;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.EnrollmentListener;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine.Signal;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.StaleEnrollmentException;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the state machine and tells the listeners; the engine's only way to change an
 * enrollment's state. Also the bulk changes a workflow's life cycle makes (pause, resume, abort).
 * Call under the engine's lock.
 */
final class EnrollmentTransitions {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

  private final EnrollmentStore store;
  private final List<EnrollmentListener> listeners;

  EnrollmentTransitions(EnrollmentStore store, List<EnrollmentListener> listeners) {
    this.store = store;
    this.listeners = List.copyOf(listeners);
  }

  /** The enrollment after the signal, not yet stored; listeners are told. */
  Enrollment apply(
      Enrollment e, Signal signal, Instant now, @Nullable Instant dueAt, @Nullable String reason) {
    Enrollment next = EnrollmentStateMachine.apply(e, signal, now, dueAt, reason);
    for (EnrollmentListener listener : listeners) {
      try {
        listener.onTransition(next, e.state(), signal.name(), next.state());
      } catch (RuntimeException ex) {
        log.warn("enrollment listener threw", ex);
      }
    }
    return next;
  }

  /**
   * Stores what {@code change} makes of the enrollment, or nothing when it gives null; when
   * another writer (an engine on another instance) replaced the enrollment since it was read, reads
   * it again and asks again. Returns the copy stored, or null.
   */
  @Nullable Enrollment change(Enrollment e, Function<Enrollment, @Nullable Enrollment> change) {
    Enrollment current = e;
    while (current != null) {
      Enrollment next = change.apply(current);
      if (next == null) {
        return null;
      }
      try {
        return store.update(next);
      } catch (StaleEnrollmentException stale) {
        current = store.find(e.id()).orElse(null);
      }
    }
    return null;
  }

  /** Pauses the workflow's running and waiting enrollments, keeping their due instants. */
  void pauseAll(String workflow, Instant now) {
    for (Enrollment e : store.ofWorkflow(workflow)) {
      change(e, c -> running(c) ? apply(c, Signal.PAUSE, now, c.dueAt(), null) : null);
    }
  }

  /** Resumes the workflow's paused enrollments; one without a due instant is due now. */
  void resumeAll(String workflow, Instant now) {
    for (Enrollment e : store.ofWorkflow(workflow)) {
      change(e, c -> c.state() == EnrollmentState.PAUSED
          ? apply(c, Signal.RESUME, now, c.dueAt() == null ? now : c.dueAt(), null) : null);
    }
  }

  /** Cancels the workflow's live enrollments; returns how many. */
  int cancelAll(String workflow, Instant now, String reason) {
    int cancelled = 0;
    for (Enrollment e : store.ofWorkflow(workflow)) {
      if (change(e, c -> c.isLive() ? apply(c, Signal.CANCEL, now, null, reason) : null) != null) {
        cancelled++;
      }
    }
    return cancelled;
  }

  /**
   * Wakes an enrollment early (an event it may wait for arrived): a waiting one is due now; an
   * active one is stored again as it is, so that an advance in flight, which read the profile's
   * events before this one, finds its copy stale and looks again (see StepRunner.save).
   */
  void wakeEarly(Enrollment e, Instant now) {
    change(e, c -> switch (c.state()) {
      case WAITING -> EnrollmentStateMachine.reschedule(c, now);
      case ACTIVE -> c;
      default -> null;
    });
  }

  /** Whether it is running or waiting: what an engine advances. */
  static boolean running(Enrollment e) {
    return e.state() == EnrollmentState.ACTIVE || e.state() == EnrollmentState.WAITING;
  }
}
