package io.cdpkit.storage.postgres.internal;

import io.cdpkit.core.spi.NumericText;
import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.jdbc.JdbcDialect;
import io.cdpkit.storage.postgres.PostgresStorageException;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL's side of the shared JDBC code: JSON parameters are cast to {@code jsonb}, and driver
 * failures become {@link PostgresStorageException}s that name the store and the work.
 */
final class SqlFailures extends JdbcDialect {
  /** @param store how messages name the store, such as {@code PostgreSQL store db1:5432/cdp} */
  SqlFailures(String store) {
    super(store, true, "SELECT jsonb_array_elements_text(?::jsonb)");
  }

  /**
   * Multi-row inserts: the statement-level trigger of migration V014 counts and signals the rows
   * of each statement, and each statement's parameters stay well under the protocol's 65,535.
   */
  @Override
  public int eventsPerInsert() {
    return 250;
  }

  /**
   * Java's {@code regionMatches(true, ...)} folds case per character, upper then lower; {@code
   * lower} on both sides is the closest SQL, exact for every cased letter that keeps its length.
   */
  @Override
  public String profileSearch(String columns) {
    return "SELECT " + columns + " FROM profiles p, (SELECT lower(?::text) AS prefix) q"
        + " WHERE starts_with(lower(p.id), q.prefix)"
        + " OR EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id"
        + "   AND starts_with(lower(i.value), q.prefix))"
        + " OR EXISTS (SELECT 1 FROM jsonb_each(p.attributes) a"
        + "   WHERE jsonb_typeof(a.value) = 'string'"
        + "   AND starts_with(lower(a.value #>> '{}'), q.prefix))"
        + " ORDER BY p.id LIMIT ?";
  }

  /**
   * The attribute's value is the column {@code v}, the name bound once. Missing or null last both
   * ways; then numbers (exact: jsonb numbers are numerics) and texts that read as numbers, texts in code-point order, booleans,
   * and other values by their JSON text, the direction applying to the kind too; ties by id.
   * (jsonb writes lists and objects with its own spacing and key order, so among those the order
   * can differ from the in-memory store's; the other kinds agree exactly.)
   */
  @Override
  public String profilesByAttribute(String columns, boolean descending) {
    String direction = descending ? " DESC" : "";
    // A text that reads as a number (NumericText) sorts as that number: kind 'numeric text'.
    String kind = "CASE WHEN jsonb_typeof(v) = 'string' AND v #>> '{}' ~ '" + NumericText.PATTERN
        + "' THEN 'number' ELSE jsonb_typeof(v) END";
    return "SELECT " + columns + " FROM (SELECT " + columns + ", attributes -> ?::text AS v"
        + " FROM profiles) p ORDER BY coalesce(" + kind + " = 'null', true),"
        + " CASE " + kind
        + " WHEN 'number' THEN 0 WHEN 'string' THEN 1 WHEN 'boolean' THEN 2 ELSE 3 END" + direction
        + ", CASE WHEN " + kind + " = 'number' THEN (v #>> '{}')::numeric END" + direction
        + ", CASE WHEN " + kind + " = 'string' THEN v #>> '{}' END COLLATE \"C\"" + direction
        + ", CASE WHEN " + kind + " = 'boolean' THEN v::boolean END" + direction
        + ", CASE WHEN " + kind + " IN ('array', 'object') THEN v::text END COLLATE \"C\""
        + direction
        + ", id LIMIT ? OFFSET ?";
  }

  @Override
  public PostgresStorageException translate(SQLException e, String doing) {
    return new PostgresStorageException(
        store() + ": could not " + doing + ": " + e.getMessage(), e.getSQLState(), e);
  }

  @Override
  public PostgresStorageException corrupt(CorruptColumnException e, String doing) {
    return new PostgresStorageException(
        store() + ": could not " + doing + ": " + e.getMessage(), null, e);
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
