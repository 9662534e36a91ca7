package io.cdpkit.workflows.enrollment;

/**
 * Where an enrollment stands. {@link #ACTIVE} and {@link #WAITING} run when due; {@link #PAUSED}
 * waits for its workflow to be enabled again; the others are final (a {@link #FAILED} one may be
 * retried). See {@code cdp-workflows/docs/enrollment-states.md} for the diagram.
 */
public enum EnrollmentState {
  /** Runnable now: its next step runs on the next {@code runDue}. */
  ACTIVE,
  /** Waiting for a timer (a wait, an event wait's timeout, quiet hours, a retry back-off). */
  WAITING,
  /** Its workflow is disabled; resumes on enable. */
  PAUSED,
  /** Ran every step. */
  COMPLETED,
  /** Stopped because the profile met the workflow's goal. */
  EXITED_ON_GOAL,
  /** Stopped by a permanent failure or exhausted retries; listed as a dead letter. */
  FAILED,
  /** Stopped by an abort, a merge duplicate or a deleted profile. */
  CANCELLED;

  /** True for states an enrollment never leaves on its own. */
  public boolean isFinal() {
    return this == COMPLETED || this == EXITED_ON_GOAL || this == FAILED || this == CANCELLED;
  }
}
