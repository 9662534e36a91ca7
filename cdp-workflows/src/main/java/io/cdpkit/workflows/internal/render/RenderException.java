package io.cdpkit.workflows.internal.render;

import io.cdpkit.core.CdpException;
import java.util.List;

/** A template or merge tag that cannot be rendered; {@link #problems()} says every reason. */
public final class RenderException extends CdpException {
  private static final long serialVersionUID = 1L;

  private final List<TemplateProblem> problems;

  public RenderException(List<TemplateProblem> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, at least one. */
  public List<TemplateProblem> problems() {
    return problems;
  }

  private static String message(List<TemplateProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a RenderException needs at least one problem");
    }
    return problems.size() == 1
        ? problems.get(0).toString()
        : problems.size() + " problems: " + problems;
  }
}
