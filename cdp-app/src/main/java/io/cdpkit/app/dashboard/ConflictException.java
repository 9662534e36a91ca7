package io.cdpkit.app.dashboard;

/**
 * A change refused because of the data's state (a segment still in use, a name taken); the server
 * answers 409 {@code {"error":"conflict","message":...}} with the reason.
 */
final class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ConflictException(String message) {
    super(message);
  }
}
