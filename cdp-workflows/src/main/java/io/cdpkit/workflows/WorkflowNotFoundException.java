package io.cdpkit.workflows;

/** No workflow (or no such version of it) has the name. */
public final class WorkflowNotFoundException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  private final String workflow;

  public WorkflowNotFoundException(String workflow, String known) {
    super("no workflow named '" + workflow + "'; known: " + (known.isEmpty() ? "none" : known));
    this.workflow = workflow;
  }

  public String workflow() {
    return workflow;
  }
}
