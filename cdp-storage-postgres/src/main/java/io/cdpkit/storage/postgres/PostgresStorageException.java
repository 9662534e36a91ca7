package io.cdpkit.storage.postgres;

import io.cdpkit.core.StorageException;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL failed, or the database is not one this module can use; nothing of the call was kept.
 * {@link #sqlState()} is PostgreSQL's five-character error code where the server gave one.
 */
public final class PostgresStorageException extends StorageException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String sqlState;

  public PostgresStorageException(String message, @Nullable String sqlState, Throwable cause) {
    super(message, cause);
    this.sqlState = sqlState;
  }

  public PostgresStorageException(String message) {
    super(message);
    this.sqlState = null;
  }

  /** PostgreSQL's error code, such as {@code 40001} (serialization failure); null when none. */
  public @Nullable String sqlState() {
    return sqlState;
  }

  /**
   * True for failures a transaction overcomes by starting again: a serialization failure or a
   * deadlock between instances writing the same rows.
   */
  public boolean retryable() {
    return "40001".equals(sqlState) || "40P01".equals(sqlState);
  }
}
