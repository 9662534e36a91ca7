package io.cdpkit.workflows;

/**
 * Another engine on the same store (another application instance) saved the same version of the
 * workflow at the same moment with a different definition. Nothing of this save was stored; save
 * again to store it as the next version.
 */
public final class WorkflowConflictException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  private final String workflow;
  private final int version;

  public WorkflowConflictException(String workflow, int version) {
    super("workflow '" + workflow + "' version " + version
        + " was saved at the same moment with another definition; save again");
    this.workflow = workflow;
    this.version = version;
  }

  public String workflow() {
    return workflow;
  }

  public int version() {
    return version;
  }
}
