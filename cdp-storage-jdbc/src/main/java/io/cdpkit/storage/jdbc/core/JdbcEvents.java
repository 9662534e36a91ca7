package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.Cursors;
import io.cdpkit.core.spi.EventStore.NewEvent;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Events over the {@code events} table; per-type counts come from {@code event_type_counts} (a
 * type's count is the sum of its rows: PostgreSQL shards them). An insert adds the counts and the
 * workflow signals of the events it stored in its own transaction: on PostgreSQL a statement-level
 * trigger over the rows each statement stored, elsewhere {@link StoredEventWrites} after a batch of
 * one-row statements whose counts say which rows were stored (see {@link
 * io.cdpkit.storage.jdbc.JdbcDialect#eventsPerInsert()}). Deletes and type changes are counted by
 * triggers.
 */
public final class JdbcEvents extends OwnedRows implements EventStore {
  private static final String COLUMNS =
      "id, profile_id, type, ts, received_at, source, properties, identifiers";

  private final ChangedProfiles changes;
  private final int perInsert;
  private final String insert;
  private final String insertChunk;

  public JdbcEvents(Sql session, ChangedProfiles changes) {
    super(session, "events", "profile_id", "origin_profile_id", "events", true);
    this.changes = changes;
    this.perInsert = session.dialect().eventsPerInsert();
    this.insert = insertOf(1);
    this.insertChunk = insertOf(perInsert);
  }

  /** An insert of {@code rows} events, each taking the parameters of {@link #row}. */
  private String insertOf(int rows) {
    String json = session.dialect().json();
    String values = "(?, ?, ?, ?, ?, ?, ?, " + json + ", " + json + ")";
    return "INSERT INTO events (id, profile_id, origin_profile_id, type, ts, received_at, source,"
        + " properties, identifiers) VALUES " + String.join(", ", Collections.nCopies(rows, values))
        + " ON CONFLICT (id) DO NOTHING";
  }

  @Override
  public boolean insert(Event event, String originProfileId) {
    Objects.requireNonNull(originProfileId, "originProfileId");
    boolean stored =
        session.update("insert event " + event.id(), insert, row(event, originProfileId)) == 1;
    if (stored) {
      changes.changed(event.profileId());
      if (perInsert == 1) {
        StoredEventWrites.record(session, List.of(event));
      }
    }
    return stored;
  }

  /** The parameters of one event in an insert statement, in its column order. */
  private static @Nullable Object[] row(Event event, String originProfileId) {
    return new Object[] {
        event.id(),
        event.profileId(),
        originProfileId,
        event.type(),
        Instants.toNanos("timestamp", event.timestamp()),
        Instants.toNanos("receivedAt", event.receivedAt()),
        event.source(),
        JsonColumns.attributes(event.properties()),
        JsonColumns.identifiers(event.identifiers())};
  }

  /** One batch of inserts; the store's conflict rule keeps repeats out. */
  @Override
  public int insertAll(List<NewEvent> events) {
    for (NewEvent event : events) {
      changes.changed(event.event().profileId());
    }
    return perInsert == 1 ? insertOneByOne(events) : insertInChunks(events);
  }

  /** The driver's count for each row (SQLite's reports 0 for a repeat) says which were stored. */
  private int insertOneByOne(List<NewEvent> events) {
    List<Event> stored = session.batchChanged("insert " + events.size() + " events", insert,
        events, e -> row(e.event(), e.originProfileId())).stream().map(NewEvent::event).toList();
    StoredEventWrites.record(session, stored);
    return stored.size();
  }

  /** Full chunks as one JDBC batch of multi-row statements, the rest as one more statement. */
  private int insertInChunks(List<NewEvent> events) {
    int full = events.size() / perInsert * perInsert;
    List<@Nullable Object[]> chunks = new ArrayList<>(full / perInsert);
    for (int start = 0; start < full; start += perInsert) {
      chunks.add(parameters(events.subList(start, start + perInsert)));
    }
    int stored = session.batch("insert " + full + " events", insertChunk, chunks);
    if (full < events.size()) {
      List<NewEvent> rest = events.subList(full, events.size());
      stored += session.update(
          "insert " + rest.size() + " events", insertOf(rest.size()), parameters(rest));
    }
    return stored;
  }

  private static @Nullable Object[] parameters(List<NewEvent> events) {
    List<@Nullable Object> parameters = new ArrayList<>(events.size() * 9);
    for (NewEvent event : events) {
      parameters.addAll(Arrays.asList(row(event.event(), event.originProfileId())));
    }
    return parameters.toArray();
  }

  @Override
  public Set<String> existing(Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(session.list(
        "look up " + eventIds.size() + " event ids",
        "SELECT id FROM events WHERE id IN (" + session.dialect().textsOfJsonArray() + ")",
        row -> row.getString(1),
        JsonColumns.strings(new HashSet<>(eventIds))));
  }

  @Override
  public Optional<Event> find(String eventId) {
    return session.first(
        "read event " + eventId,
        "SELECT " + COLUMNS + " FROM events WHERE id = ?",
        JdbcEvents::map,
        eventId);
  }

  @Override
  public Page<Event> timeline(String profileId, TimelineQuery query) {
    Cursors.TimelineKey after = query.cursor() == null ? null : Cursors.timelineKey(query.cursor());
    StringBuilder sql =
        new StringBuilder("SELECT ").append(COLUMNS).append(" FROM events WHERE profile_id = ?");
    List<@Nullable Object> parameters = new ArrayList<>();
    parameters.add(profileId);
    if (!query.types().isEmpty()) {
      sql.append(" AND type IN (").append(session.dialect().textsOfJsonArray()).append(")");
      parameters.add(JsonColumns.strings(new TreeSet<>(query.types())));
    }
    if (query.from() != null) {
      sql.append(" AND ts >= ?");
      parameters.add(Instants.toNanosClamped(query.from()));
    }
    if (query.to() != null) {
      sql.append(" AND ts < ?");
      parameters.add(Instants.toNanosClamped(query.to()));
    }
    if (after != null) {
      sql.append(" AND (ts, id) < (?, ?)");
      parameters.add(Instants.toNanosClamped(after.timestamp()));
      parameters.add(after.id());
    }
    sql.append(" ORDER BY ts DESC, id DESC LIMIT ?");
    parameters.add(query.limit() + 1);
    List<Event> rows =
        session.list(
            "read the timeline of profile " + profileId,
            sql.toString(),
            JdbcEvents::map,
            parameters.toArray());
    if (rows.size() <= query.limit()) {
      return new Page<>(rows, null);
    }
    List<Event> items = List.copyOf(rows.subList(0, query.limit()));
    return new Page<>(items, Cursors.timeline(items.get(items.size() - 1)));
  }

  @Override
  public Stream<Event> ofProfile(String profileId) {
    return session.stream(
        "stream the events of profile " + profileId,
        "SELECT " + COLUMNS + " FROM events WHERE profile_id = ? ORDER BY ts, id",
        JdbcEvents::map,
        profileId);
  }

  @Override
  public long countOfProfile(String profileId) {
    return session.number(
        "count the events of profile " + profileId,
        "SELECT count(*) FROM events WHERE profile_id = ?",
        profileId);
  }

  @Override
  public long removePropertiesOfProfile(String profileId, Set<String> names) {
    // In Java rather than with each dialect's JSON functions: a profile's events are few, and the
    // properties column is rewritten by the same codec that wrote it.
    List<Event> events;
    try (Stream<Event> stream = ofProfile(profileId)) {
      events = stream.filter(e -> e.properties().fields().keySet().stream().anyMatch(names::contains)).toList();
    }
    String json = session.dialect().json();
    for (Event event : events) {
      Map<String, AttributeValue> kept = new LinkedHashMap<>(event.properties().fields());
      kept.keySet().removeAll(names);
      session.update("remove personal properties of event " + event.id(),
          "UPDATE events SET properties = " + json + " WHERE id = ?",
          JsonColumns.attributes(new ObjectValue(kept)), event.id());
    }
    return events.size();
  }

  @Override
  public long clearIdentifiersOfProfile(String profileId) {
    return session.update(
        "clear the event identifiers of profile " + profileId,
        "UPDATE events SET identifiers = '[]' WHERE profile_id = ? AND identifiers <> '[]'",
        profileId);
  }

  @Override
  public long deleteOfProfile(String profileId) {
    return deleteOfOwner(profileId);
  }

  @Override
  public List<EventTypeCount> typeCounts() {
    return session.list(
        "count events by type",
        "SELECT type, sum(count) AS n FROM event_type_counts GROUP BY type HAVING sum(count) > 0"
            + " ORDER BY n DESC, type",
        row -> new EventTypeCount(row.getString(1), row.getLong(2)));
  }

  @Override
  public long count() {
    return session.number("count events", "SELECT sum(count) FROM event_type_counts");
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

  /** Every event of the type in one query; see {@link io.cdpkit.core.spi.StorageSession#eventsOfType}. */
  public Stream<Event> ofType(String type) {
    return session.stream(
        "stream the events of type " + type,
        "SELECT " + COLUMNS + " FROM events WHERE type = ? ORDER BY profile_id, ts, id",
        JdbcEvents::map,
        type);
  }
}
