package io.cdpkit.storage.jdbc;

import java.util.function.Function;

/**
 * A store's transaction model behind one face, for the port code every SQL store shares: SQLite
 * runs writes on its one writer connection and reads on a reader, PostgreSQL runs writes at
 * SERIALIZABLE with retries. A call made inside a write on the same thread joins that write, as
 * {@code Storage.write} and {@code Storage.read} do. Thread-safe.
 */
public interface JdbcDatabase {
  /** Runs {@code work} against one snapshot (or inside the write running on this thread). */
  <T> T readSql(Function<Sql, T> work);

  /**
   * Runs {@code work} in one write transaction, kept whole or not at all (joining the write running
   * on this thread). On a store that retries conflicting writes, {@code work} may run again: keep
   * no effects outside the transaction.
   */
  <T> T writeSql(Function<Sql, T> work);

  /** How messages and logs name the store. */
  String name();
}
