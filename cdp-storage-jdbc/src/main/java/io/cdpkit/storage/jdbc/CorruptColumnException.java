package io.cdpkit.storage.jdbc;

import io.cdpkit.core.StorageException;

/**
 * A stored column does not hold the JSON this store writes: the database was changed by something
 * other than CDPKit, or is damaged. Each store turns it into its own failure kind.
 */
public final class CorruptColumnException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final String column;

  CorruptColumnException(String column, Exception cause) {
    super(
        "column " + column + " does not hold the JSON this store writes (" + cause.getMessage()
            + ")",
        cause);
    this.column = column;
  }

  /** The column, such as {@code profiles.consents}. */
  public String column() {
    return column;
  }
}
