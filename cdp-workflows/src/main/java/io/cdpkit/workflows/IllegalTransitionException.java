package io.cdpkit.workflows;

import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.enrollment.HistoryEntry;
import java.util.List;

/**
 * An enrollment was asked to make a transition its state machine does not declare: a bug in the
 * engine or a store that changed an enrollment behind its back. Carries the enrollment, the
 * attempted transition and its history so far.
 */
public final class IllegalTransitionException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  private final String enrollmentId;
  private final EnrollmentState from;
  private final String event;
  private final transient List<HistoryEntry> history;

  public IllegalTransitionException(
      String enrollmentId, EnrollmentState from, String event, List<HistoryEntry> history) {
    super(
        "enrollment " + enrollmentId + ": no transition from " + from + " on " + event
            + "; history: " + history);
    this.enrollmentId = enrollmentId;
    this.from = from;
    this.event = event;
    this.history = List.copyOf(history);
  }

  public String enrollmentId() {
    return enrollmentId;
  }

  public EnrollmentState from() {
    return from;
  }

  public String event() {
    return event;
  }

  public List<HistoryEntry> history() {
    return history;
  }
}
