package io.cdpkit.workflows;

import java.util.Objects;

/**
 * One thing wrong with a workflow definition.
 *
 * @param where the part at fault, such as {@code trigger.segment} or {@code steps.welcome-1.url}
 * @param message what is wrong, naming the value at fault
 */
public record WorkflowProblem(String where, String message) {
  public WorkflowProblem {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return where + ": " + message;
  }
}
