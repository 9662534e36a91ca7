package io.cdpkit.workflows;

import io.cdpkit.core.CdpException;

/** The base of the workflow module's exceptions. */
public abstract class WorkflowException extends CdpException {
  private static final long serialVersionUID = 1L;

  protected WorkflowException(String message) {
    super(message);
  }
}
