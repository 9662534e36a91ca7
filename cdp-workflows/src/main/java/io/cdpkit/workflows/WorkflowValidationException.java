package io.cdpkit.workflows;

import java.util.List;

/** A workflow definition that cannot be saved; {@link #problems()} lists every reason. */
public final class WorkflowValidationException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  private final String workflow;
  private final transient List<WorkflowProblem> problems;

  /**
   * @throws IllegalArgumentException when {@code problems} is empty
   */
  public WorkflowValidationException(String workflow, List<WorkflowProblem> problems) {
    super(message(workflow, problems));
    this.workflow = workflow;
    this.problems = List.copyOf(problems);
  }

  /** The workflow's name as given. */
  public String workflow() {
    return workflow;
  }

  /** Every problem found, at least one. */
  public List<WorkflowProblem> problems() {
    return problems;
  }

  private static String message(String workflow, List<WorkflowProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a WorkflowValidationException needs a problem");
    }
    StringBuilder out =
        new StringBuilder("workflow '").append(workflow).append("' has ").append(problems.size())
            .append(problems.size() == 1 ? " problem:" : " problems:");
    for (WorkflowProblem problem : problems) {
      out.append("\n  ").append(problem);
    }
    return out.toString();
  }
}
