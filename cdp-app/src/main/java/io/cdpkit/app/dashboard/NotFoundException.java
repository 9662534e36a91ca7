package io.cdpkit.app.dashboard;

/** An unknown id or path; the server answers 404 {@code {"error":"not_found","message":...}}. */
final class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  NotFoundException(String message) {
    super(message);
  }
}
