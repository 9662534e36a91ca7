package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.jdbc.JdbcDialect;
import io.cdpkit.storage.sqlite.SqliteStorageException;
import io.cdpkit.storage.sqlite.SqliteStorageException.Kind;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteException;

/**
 * SQLite's side of the shared JDBC code: JSON parameters are plain text, and errors become {@link
 * SqliteStorageException}s that say what to do about them.
 */
final class SqlErrors extends JdbcDialect {
  private static final int SQLITE_BUSY = 5;
  private static final int SQLITE_LOCKED = 6;
  private static final int SQLITE_READONLY = 8;
  private static final int SQLITE_IOERR = 10;
  private static final int SQLITE_CORRUPT = 11;
  private static final int SQLITE_FULL = 13;
  private static final int SQLITE_CANTOPEN = 14;
  private static final int SQLITE_NOTADB = 26;

  private final Duration busyTimeout;

  /**
   * @param store how messages name the store, such as {@code SQLite store /data/cdp.db}
   */
  SqlErrors(String store, Duration busyTimeout) {
    super(store, false, "SELECT value FROM json_each(?)");
    this.busyTimeout = busyTimeout;
  }

  @Override
  public String profileSearch(String columns) {
    return "SELECT " + columns + " FROM profiles p"
        + " WHERE " + SqlFunctions.STARTS_WITH + "(p.id, ?1)"
        + " OR EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id"
        + "   AND " + SqlFunctions.STARTS_WITH + "(i.value, ?1))"
        + " OR EXISTS (SELECT 1 FROM json_each(p.attributes) a WHERE a.type = 'text'"
        + "   AND " + SqlFunctions.STARTS_WITH + "(a.value, ?1))"
        + " ORDER BY p.id LIMIT ?2";
  }

  /** Ordered by {@link SqlFunctions#SORT_KEY}, which encodes {@code ProfileOrdering}'s order. */
  @Override
  public String profilesByAttribute(String columns, boolean descending) {
    return "SELECT " + columns + ", " + SqlFunctions.SORT_KEY + "(attributes, ?) AS sort_key"
        + " FROM profiles ORDER BY sort_key IS NULL, sort_key" + (descending ? " DESC" : "")
        + ", id LIMIT ? OFFSET ?";
  }

  @Override
  public SqliteStorageException translate(SQLException e, String doing) {
    int code = code(e);
    Kind kind = kind(code);
    return new SqliteStorageException(
        kind, code, store() + ": could not " + doing + ": " + diagnosis(kind, e), e);
  }

  /** The exception for a column that does not hold the JSON this store writes. */
  @Override
  public SqliteStorageException corrupt(CorruptColumnException e, String doing) {
    return new SqliteStorageException(
        Kind.CORRUPT, -1, store() + ": could not " + doing + ": " + e.getMessage(), e);
  }

  private static int code(SQLException e) {
    if (e instanceof SQLiteException sqlite) {
      return sqlite.getResultCode().code;
    }
    return e.getErrorCode();
  }

  private static Kind kind(int code) {
    return switch (code & 0xff) {
      case SQLITE_BUSY, SQLITE_LOCKED -> Kind.LOCKED;
      case SQLITE_FULL -> Kind.FULL;
      case SQLITE_READONLY -> Kind.READ_ONLY;
      case SQLITE_CORRUPT, SQLITE_NOTADB -> Kind.CORRUPT;
      case SQLITE_CANTOPEN -> Kind.CANNOT_OPEN;
      case SQLITE_IOERR -> Kind.IO_ERROR;
      default -> Kind.OTHER;
    };
  }

  private String diagnosis(Kind kind, SQLException e) {
    String sqlite = " (" + e.getMessage() + ")";
    return switch (kind) {
      case LOCKED -> "the database is locked by another connection or process and stayed locked"
          + " for the whole busy timeout of " + busyTimeout.toMillis() + " ms; retry later or"
          + " raise SqliteOptions.busyTimeout" + sqlite;
      case FULL -> "the disk is full or the database reached SqliteOptions.maxDatabaseBytes;"
          + " nothing of this transaction was kept" + sqlite;
      case READ_ONLY -> "the database file or its directory is read-only; the store needs to"
          + " write the file and its -wal and -shm companions next to it" + sqlite;
      case CORRUPT -> "the file is not a SQLite database or is damaged; restore it from a backup"
          + sqlite;
      case CANNOT_OPEN -> "the file cannot be opened or created; check that its directory exists"
          + " and is accessible" + sqlite;
      case IO_ERROR -> "the operating system reported an I/O error" + sqlite;
      default -> e.getMessage();
    };
  }
}
