package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.segments.insights.ComputedAttribute;
import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Computed attribute definitions in the {@code computed_attributes} table (SQLite's migration
 * V011, PostgreSQL's V007), one row each, the window as an ISO-8601 duration. Nothing is cached, so
 * every read sees what any process saved. Thread-safe.
 */
public final class JdbcComputedAttributeStore implements ComputedAttributeStore {
  private final JdbcDatabase database;

  public JdbcComputedAttributeStore(JdbcDatabase database) {
    this.database = Objects.requireNonNull(database, "database");
  }

  @Override
  public void save(ComputedAttribute attribute) {
    Objects.requireNonNull(attribute, "attribute");
    Duration window = attribute.window();
    database.writeSql(s -> s.update("save computed attribute " + attribute.name(),
        "INSERT INTO computed_attributes (name, kind, event_type, property, time_window)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind,"
            + " event_type = excluded.event_type, property = excluded.property,"
            + " time_window = excluded.time_window",
        attribute.name(), attribute.kind().name(), attribute.eventType(), attribute.property(),
        window == null ? null : window.toString()));
  }

  @Override
  public List<ComputedAttribute> list() {
    return database.readSql(s -> s.list("list computed attributes",
        "SELECT name, kind, event_type, property, time_window FROM computed_attributes"
            + " ORDER BY name",
        JdbcComputedAttributeStore::attribute));
  }

  @Override
  public boolean delete(String name) {
    Objects.requireNonNull(name, "name");
    return database.writeSql(s -> s.update("delete computed attribute " + name,
        "DELETE FROM computed_attributes WHERE name = ?", name)) > 0;
  }

  private static ComputedAttribute attribute(ResultSet row) throws SQLException {
    ComputedAttribute.Kind parsed = CorruptColumnException.constant(
        ComputedAttribute.Kind.class, "computed_attributes.kind", "kind", row.getString(2));
    String window = row.getString(5);
    return new ComputedAttribute(row.getString(1), parsed, row.getString(3), row.getString(4),
        window == null ? null : Duration.parse(window));
  }
}
