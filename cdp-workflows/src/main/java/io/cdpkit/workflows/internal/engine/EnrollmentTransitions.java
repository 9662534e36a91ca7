package io.cdpkit.workflows.internal.engine;

import io.cdpkit.workflows.Enrollment;
import io.cdpkit.workflows.EnrollmentListener;
import io.cdpkit.workflows.EnrollmentState;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine.Signal;
import io.cdpkit.workflows.spi.EnrollmentStore;
import java.time.Instant;
import java.util.List;
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

  /** Pauses the workflow's running and waiting enrollments, keeping their due instants. */
  void pauseAll(String workflow, Instant now) {
    for (Enrollment e : store.ofWorkflow(workflow)) {
      if (e.state() == EnrollmentState.ACTIVE || e.state() == EnrollmentState.WAITING) {
        store.update(apply(e, Signal.PAUSE, now, e.dueAt(), null));
      }
    }
  }

  /** Resumes the workflow's paused enrollments; one without a due instant is due now. */
  void resumeAll(String workflow, Instant now) {
    for (Enrollment e : store.ofWorkflow(workflow)) {
      if (e.state() == EnrollmentState.PAUSED) {
        Instant due = e.dueAt() == null ? now : e.dueAt();
        store.update(apply(e, Signal.RESUME, now, due, null));
      }
    }
  }

  /** Cancels the workflow's live enrollments; returns how many. */
  int cancelAll(String workflow, Instant now, String reason) {
    int cancelled = 0;
    for (Enrollment e : store.ofWorkflow(workflow)) {
      if (e.isLive()) {
        store.update(apply(e, Signal.CANCEL, now, null, reason));
        cancelled++;
      }
    }
    return cancelled;
  }

  /** Wakes a waiting enrollment early (an event it waits for arrived): it is due now. */
  void wakeEarly(Enrollment waiting, Instant now) {
    store.update(EnrollmentStateMachine.reschedule(waiting, now));
  }
}
