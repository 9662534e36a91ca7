package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.spi.Cursors;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Events over the {@code events} table; per-type counts come from {@code event_type_counts}, which
 * triggers keep in step with every insert, delete and type change.
 */
final class SqliteEvents implements EventStore {
  static final String COLUMNS =
      "id, profile_id, type, ts, received_at, source, properties, identifiers";
  private static final String INSERT =
      "INSERT INTO events (id, profile_id, origin_profile_id, type, ts, received_at, source,"
          + " properties, identifiers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (id) DO NOTHING";

  private final SqliteSession session;

  SqliteEvents(SqliteSession session) {
    this.session = session;
  }

  @Override
  public boolean insert(Event event, String originProfileId) {
    session.checkWritable();
    Objects.requireNonNull(originProfileId, "originProfileId");
    long ts = Instants.toNanos("timestamp", event.timestamp());
    long receivedAt = Instants.toNanos("receivedAt", event.receivedAt());
    return session.sql(
        "insert event " + event.id(),
        c -> {
          PreparedStatement insert = c.prepare(INSERT);
          insert.setString(1, event.id());
          insert.setString(2, event.profileId());
          insert.setString(3, originProfileId);
          insert.setString(4, event.type());
          insert.setLong(5, ts);
          insert.setLong(6, receivedAt);
          insert.setString(7, event.source());
          insert.setString(8, JsonColumns.attributes(event.properties()));
          insert.setString(9, JsonColumns.identifiers(event.identifiers()));
          return insert.executeUpdate() == 1;
        });
  }

  @Override
  public Optional<Event> find(String eventId) {
    return session.sql(
        "read event " + eventId,
        c -> {
          PreparedStatement find = c.prepare("SELECT " + COLUMNS + " FROM events WHERE id = ?");
          find.setString(1, eventId);
          try (SqlConnection.Rows rows = c.query(find)) {
            return rows.next() ? Optional.of(map(rows.results())) : Optional.empty();
          }
        });
  }

  @Override
  public Page<Event> timeline(String profileId, TimelineQuery query) {
    Cursors.TimelineKey after = query.cursor() == null ? null : Cursors.timelineKey(query.cursor());
    StringBuilder sql =
        new StringBuilder("SELECT ").append(COLUMNS).append(" FROM events WHERE profile_id = ?");
    if (!query.types().isEmpty()) {
      sql.append(" AND type IN (SELECT value FROM json_each(?))");
    }
    if (query.from() != null) {
      sql.append(" AND ts >= ?");
    }
    if (query.to() != null) {
      sql.append(" AND ts < ?");
    }
    if (after != null) {
      sql.append(" AND (ts, id) < (?, ?)");
    }
    sql.append(" ORDER BY ts DESC, id DESC LIMIT ?");
    return session.sql(
        "read the timeline of profile " + profileId,
        c -> {
          PreparedStatement page = c.prepare(sql.toString());
          int index = 1;
          page.setString(index++, profileId);
          if (!query.types().isEmpty()) {
            page.setString(index++, JsonColumns.strings(new TreeSet<>(query.types())));
          }
          if (query.from() != null) {
            page.setLong(index++, Instants.toNanosClamped(query.from()));
          }
          if (query.to() != null) {
            page.setLong(index++, Instants.toNanosClamped(query.to()));
          }
          if (after != null) {
            page.setLong(index++, Instants.toNanosClamped(after.timestamp()));
            page.setString(index++, after.id());
          }
          page.setInt(index, query.limit() + 1);
          List<Event> items = new ArrayList<>(Math.min(query.limit(), 64));
          boolean more = false;
          try (SqlConnection.Rows rows = c.query(page)) {
            while (rows.next()) {
              if (items.size() == query.limit()) {
                more = true;
                break;
              }
              items.add(map(rows.results()));
            }
          }
          return new Page<>(items, more ? Cursors.timeline(items.get(items.size() - 1)) : null);
        });
  }

  @Override
  public Stream<Event> ofProfile(String profileId) {
    return session.stream(
        "stream the events of profile " + profileId,
        "SELECT " + COLUMNS + " FROM events WHERE profile_id = ? ORDER BY ts, id",
        statement -> statement.setString(1, profileId),
        SqliteEvents::map);
  }

  @Override
  public long countOfProfile(String profileId) {
    return session.sql(
        "count the events of profile " + profileId,
        c -> {
          PreparedStatement count = c.prepare("SELECT count(*) FROM events WHERE profile_id = ?");
          count.setString(1, profileId);
          try (SqlConnection.Rows rows = c.query(count)) {
            rows.next();
            return rows.results().getLong(1);
          }
        });
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    session.update(
        "move the events of profile " + fromProfileId + " to " + toProfileId,
        "UPDATE events SET profile_id = ?2 WHERE profile_id = ?1 AND ?1 <> ?2",
        fromProfileId, toProfileId);
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    session.update(
        "move the events first recorded for " + originProfileId + " to " + toProfileId,
        "UPDATE events SET profile_id = ?2 WHERE origin_profile_id = ?1 AND profile_id <> ?2",
        originProfileId, toProfileId);
  }

  @Override
  public long clearIdentifiersOfProfile(String profileId) {
    session.checkWritable();
    return session.sql(
        "clear the event identifiers of profile " + profileId,
        c -> {
          PreparedStatement clear =
              c.prepare(
                  "UPDATE events SET identifiers = '[]' WHERE profile_id = ? AND identifiers <>"
                      + " '[]'");
          clear.setString(1, profileId);
          return (long) clear.executeUpdate();
        });
  }

  @Override
  public long deleteOfProfile(String profileId) {
    session.checkWritable();
    return session.sql(
        "delete the events of profile " + profileId,
        c -> {
          PreparedStatement delete = c.prepare("DELETE FROM events WHERE profile_id = ?");
          delete.setString(1, profileId);
          return (long) delete.executeUpdate();
        });
  }

  @Override
  public List<EventTypeCount> typeCounts() {
    return session.sql(
        "count events by type",
        c -> {
          List<EventTypeCount> counts = new ArrayList<>();
          try (SqlConnection.Rows rows =
              c.query(
                  c.prepare(
                      "SELECT type, count FROM event_type_counts ORDER BY count DESC, type"))) {
            while (rows.next()) {
              counts.add(
                  new EventTypeCount(rows.results().getString(1), rows.results().getLong(2)));
            }
          }
          return counts;
        });
  }

  @Override
  public long count() {
    return session.sql(
        "count events",
        c -> {
          try (SqlConnection.Rows rows =
              c.query(c.prepare("SELECT coalesce(sum(count), 0) FROM event_type_counts"))) {
            rows.next();
            return rows.results().getLong(1);
          }
        });
  }

  static Event map(ResultSet row) throws SQLException {
    String id = row.getString(1);
    return new Event(
        id,
        row.getString(2),
        row.getString(3),
        Instants.ofNanos(row.getLong(4)),
        Instants.ofNanos(row.getLong(5)),
        row.getString(6),
        JsonColumns.attributes("events.properties of " + id, row.getString(7)),
        JsonColumns.identifiers("events.identifiers of " + id, row.getString(8)));
  }
}
