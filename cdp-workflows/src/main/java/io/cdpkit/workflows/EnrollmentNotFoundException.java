package io.cdpkit.workflows;

/** No enrollment has the id. */
public final class EnrollmentNotFoundException extends WorkflowException {
  private static final long serialVersionUID = 1L;

  private final String enrollmentId;

  public EnrollmentNotFoundException(String enrollmentId) {
    super("no enrollment with id '" + enrollmentId + "'");
    this.enrollmentId = enrollmentId;
  }

  public String enrollmentId() {
    return enrollmentId;
  }
}
