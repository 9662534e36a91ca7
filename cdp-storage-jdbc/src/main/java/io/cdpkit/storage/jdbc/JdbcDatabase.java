package io.cdpkit.storage.jdbc;

import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.storage.jdbc.core.JdbcSession;
import io.cdpkit.segments.spi.GroupStore;
import java.util.function.Function;

/**
 * A store's transaction model behind one face, for the port code every SQL store shares: SQLite
 * runs writes on its one writer connection and reads on a reader, PostgreSQL runs writes at
 * SERIALIZABLE with retries. A call made inside a write on the same thread joins that write, as
 * {@code Storage.write} and {@code Storage.read} do. Its sessions are {@link
 * JdbcSession}s.
 * Thread-safe.
 */
public interface JdbcDatabase {
  /** Runs {@code work} against one snapshot (or inside the write running on this thread). */
  <T> T read(Function<? super StorageSession, T> work);

  /**
   * Runs {@code work} in one write transaction, kept whole or not at all (joining the write running
   * on this thread). On a store that retries conflicting writes, {@code work} may run again: keep
   * no effects outside the transaction.
   */
  <T> T write(Function<? super StorageSession, T> work);

  /** The segments module's store of static groups on this database. */
  GroupStore groupStore();

  /** Closes the connections the store opened; waits for a running write. Idempotent. */
  void close();

  /** What differs in this store's SQL. */
  JdbcDialect dialect();

  /** How messages and logs name the store. */
  String name();

  /** {@link #read} with the session's JDBC helper. */
  default <T> T readSql(Function<Sql, T> work) {
    return read(session -> work.apply(((JdbcSession) session).sql()));
  }

  /** {@link #write} with the session's JDBC helper. */
  default <T> T writeSql(Function<Sql, T> work) {
    return write(
        session -> {
          Sql sql = ((JdbcSession) session).sql();
          sql.checkWritable();
          return work.apply(sql);
        });
  }

  /** Runs JDBC work in a read; failures name {@code doing}. */
  default <T> T readSql(String doing, Sql.Work<T> work) {
    return readSql(sql -> sql.run(doing, work));
  }
}
