package io.cdpkit.core;

/** The store failed (I/O, a locked or corrupt file, a broken connection); the call stored nothing. */
public class StorageException extends CdpException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
