package io.cdpkit.storage.postgres.internal;

import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.postgres.PostgresStorageException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** Turns driver failures into {@link PostgresStorageException}s that name the store and the work. */
final class SqlFailures {
  private final String store;

  /** @param store how messages name the store, such as {@code PostgreSQL store db1:5432/cdp} */
  SqlFailures(String store) {
    this.store = store;
  }

  String store() {
    return store;
  }

  /** The exception for {@code e}, raised while {@code doing} (a verb phrase: "insert event e1"). */
  PostgresStorageException translate(SQLException e, String doing) {
    return new PostgresStorageException(
        store + ": could not " + doing + ": " + e.getMessage(), e.getSQLState(), e);
  }

  PostgresStorageException corrupt(CorruptColumnException e, String doing) {
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
