package io.cdpkit.workflows;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;

/**
 * Observes enrollment state transitions, for metrics or tests. Called on the engine's thread after
 * the transition is decided; an exception is logged and swallowed. Methods default to no-ops.
 */
public interface EnrollmentListener {
  /** The enrollment (after the change) went from {@code from} to {@code to} on {@code signal}. */
  default void onTransition(
      Enrollment enrollment, EnrollmentState from, String signal, EnrollmentState to) {}
}
