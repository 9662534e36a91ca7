package io.cdpkit.core;

/**
 * The root of every exception CDPKit throws for a reason of its own (bad input, a missing
 * profile, a failed store). Programmer errors such as a {@code null} argument stay JDK exceptions.
 */
public abstract class CdpException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected CdpException(String message) {
    super(message);
  }

  protected CdpException(String message, Throwable cause) {
    super(message, cause);
  }
}
