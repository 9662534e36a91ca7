package io.cdpkit.workflows.internal.render;

import java.util.Objects;

/**
 * One thing wrong with a step's templates or merge tags, for the workflow definition to report on
 * save.
 *
 * @param where the part of the step, such as {@code subject}, {@code url} or {@code headers.X-A}
 * @param message what is wrong, naming the tag or text at fault
 */
public record TemplateProblem(String where, String message) {
  public TemplateProblem {
    Objects.requireNonNull(where, "where");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return where + ": " + message;
  }
}
