package io.cdpkit.app.dashboard;

/** A method the path does not take; the server answers 405 with {@code Allow}. */
final class MethodNotAllowedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param allowed the allowed methods, comma-separated */
  MethodNotAllowedException(String allowed) {
    super(allowed);
  }
}
