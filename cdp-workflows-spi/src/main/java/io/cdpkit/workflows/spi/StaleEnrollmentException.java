package io.cdpkit.workflows.spi;

/**
 * {@link EnrollmentStore#update} refused a copy whose revision is not the stored one: another
 * writer (an engine on another instance pausing, aborting or advancing it) replaced the enrollment
 * since the copy was read. Read it again and decide again.
 */
public final class StaleEnrollmentException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public StaleEnrollmentException(String enrollmentId, long revision) {
    super("enrollment " + enrollmentId + " changed since revision " + revision + " was read");
  }
}
