package io.cdpkit.storage.postgres.internal;

import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.jdbc.JdbcDialect;
import io.cdpkit.storage.postgres.PostgresStorageException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's side of the shared JDBC code: JSON parameters are cast to {@code jsonb}, and driver
 * failures become {@link PostgresStorageException}s that name the store and the work.
 */
final class SqlFailures implements JdbcDialect {
  private final String store;

  /** @param store how messages name the store, such as {@code PostgreSQL store db1:5432/cdp} */
  SqlFailures(String store) {
    this.store = store;
  }

  @Override
  public String store() {
    return store;
  }

  @Override
  public String json() {
    return "?::jsonb";
  }

  /** The exception for {@code e}, raised while {@code doing} (a verb phrase: "insert event e1"). */
  @Override
  public PostgresStorageException translate(SQLException e, String doing) {
    return new PostgresStorageException(
        store + ": could not " + doing + ": " + e.getMessage(), e.getSQLState(), e);
  }

  @Override
  public PostgresStorageException corrupt(CorruptColumnException e, String doing) {
    return new PostgresStorageException(
        store + ": could not " + doing + ": " + e.getMessage(), null, e);
  }

  /** True when {@code failure} or one of its causes is a serialization failure or a deadlock. */
  static boolean retryable(@Nullable Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof PostgresStorageException pg && pg.retryable()) {
        return true;
      }
      if (t instanceof SQLException sql
          && ("40001".equals(sql.getSQLState()) || "40P01".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }
}
