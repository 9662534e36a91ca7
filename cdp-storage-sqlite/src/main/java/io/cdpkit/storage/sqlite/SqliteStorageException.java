package io.cdpkit.storage.sqlite;

import io.cdpkit.core.StorageException;

/**
 * A {@link StorageException} from the SQLite store, saying what kind of failure it was so callers
 * can react (retry a {@link Kind#LOCKED} write later, alert on {@link Kind#FULL}) without parsing
 * the message. Whatever call raised it stored nothing.
 */
public final class SqliteStorageException extends StorageException {
  private static final long serialVersionUID = 1L;

  /** What went wrong, independent of the message's wording. */
  public enum Kind {
    /** Another connection or process held a lock for longer than the busy timeout; retryable. */
    LOCKED,
    /** The disk is full or the file reached {@link SqliteOptions#maxDatabaseBytes()}. */
    FULL,
    /** The file or its directory cannot be written. */
    READ_ONLY,
    /** The file is not a SQLite database, is damaged, or belongs to another application. */
    CORRUPT,
    /** The file cannot be opened or created (missing directory, permissions, a directory). */
    CANNOT_OPEN,
    /** The file was written by a newer version of this module. */
    NEWER_SCHEMA,
    /** The operating system reported an I/O error. */
    IO_ERROR,
    /** Any other SQLite error. */
    OTHER
  }

  private final Kind kind;
  private final int sqliteCode;

  /**
   * @param sqliteCode SQLite's (extended) result code, or -1 when the failure did not come from
   *     SQLite
   */
  public SqliteStorageException(Kind kind, int sqliteCode, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.sqliteCode = sqliteCode;
  }

  /** A failure found by this module rather than reported by SQLite. */
  public SqliteStorageException(Kind kind, String message) {
    super(message);
    this.kind = kind;
    this.sqliteCode = -1;
  }

  /** What went wrong. */
  public Kind kind() {
    return kind;
  }

  /**
   * SQLite's (extended) result code, such as 5 for {@code SQLITE_BUSY}; -1 when not from SQLite.
   */
  public int sqliteCode() {
    return sqliteCode;
  }
}
