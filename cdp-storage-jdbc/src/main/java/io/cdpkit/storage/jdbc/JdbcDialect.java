package io.cdpkit.storage.jdbc;

import java.sql.SQLException;

/**
 * What differs between the SQL databases behind CDPKit's stores, for the port code both share: how
 * a JSON parameter is written, and which exception a failure becomes. One instance per store, as
 * its messages name the store. Thread-safe.
 */
public interface JdbcDialect {
  /** How messages and logs name the store, such as {@code SQLite store /data/cdp.db}. */
  String store();

  /** The placeholder of a JSON text parameter: {@code ?}, or {@code ?::jsonb} on PostgreSQL. */
  String json();

  /** The store's exception for {@code e}, raised while {@code doing} (a verb phrase). */
  RuntimeException translate(SQLException e, String doing);

  /** The store's exception for a column that does not hold what the store writes. */
  RuntimeException corrupt(CorruptColumnException e, String doing);
}
