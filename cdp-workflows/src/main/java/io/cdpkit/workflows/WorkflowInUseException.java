package io.cdpkit.workflows;

/** A workflow cannot be deleted while enrollments are active; abort it first. */
public final class WorkflowInUseException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  private final String workflow;
  private final long activeEnrollments;

  public WorkflowInUseException(String workflow, long activeEnrollments) {
    super(
        "workflow '" + workflow + "' has " + activeEnrollments
            + " active enrollment(s); abort it before deleting");
    this.workflow = workflow;
    this.activeEnrollments = activeEnrollments;
  }

  public String workflow() {
    return workflow;
  }

  public long activeEnrollments() {
    return activeEnrollments;
  }
}
