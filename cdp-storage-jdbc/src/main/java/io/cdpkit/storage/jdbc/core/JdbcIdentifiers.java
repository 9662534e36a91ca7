package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.spi.IdentityIndex;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The identity index over the {@code identifiers} table, keyed by (type, value): the primary key is
 * what keeps an identifier on one profile, also when several processes write at once (on
 * PostgreSQL a concurrent claim of the same identifier ends in a serialization failure, and its
 * transaction is retried). Every change marks the identifier and the profiles that held it before
 * and after as touched in the {@link RowCache}. Flags are stored as 0 or 1.
 */
public final class JdbcIdentifiers implements IdentityIndex {
  private static final String COLUMNS =
      "type, value, profile_id, origin_profile_id, first_seen, last_seen, deliverable, main,"
          + " undeliverable_reason";
  private static final String UPSERT =
      "INSERT INTO identifiers ("
          + COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (type, value) DO UPDATE SET profile_id = excluded.profile_id,"
          + " origin_profile_id = excluded.origin_profile_id, first_seen = excluded.first_seen,"
          + " last_seen = excluded.last_seen, deliverable = excluded.deliverable,"
          + " main = excluded.main, undeliverable_reason = excluded.undeliverable_reason";
  private static final String UPDATE_STATE =
      "UPDATE identifiers SET first_seen = ?, last_seen = ?, deliverable = ?, main = ?,"
          + " undeliverable_reason = ? WHERE type = ? AND value = ? AND profile_id = ? AND"
          + " origin_profile_id = ?";

  private final Sql session;
  private final ChangedProfiles changes;
  private final RowCache cache;

  public JdbcIdentifiers(Sql session, RowCache cache, ChangedProfiles changes) {
    this.session = session;
    this.changes = changes;
    this.cache = cache;
  }

  @Override
  public Optional<StoredIdentifier> find(Identifier identifier) {
    Objects.requireNonNull(identifier, "identifier");
    StoredIdentifier cached = cache.identifier(identifier);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<StoredIdentifier> found =
        session.first(
            "read identifier " + identifier.type(),
            "SELECT " + COLUMNS + " FROM identifiers WHERE type = ? AND value = ?",
            JdbcIdentifiers::map,
            identifier.type(),
            identifier.value());
    found.ifPresent(cache::putIdentifier);
    return found;
  }

  /** One query per identifier type among those not cached (a batch rarely has more than two). */
  @Override
  public Map<Identifier, StoredIdentifier> findAll(Collection<Identifier> identifiers) {
    Map<Identifier, StoredIdentifier> found = new HashMap<>();
    Map<String, Set<String>> missing = new TreeMap<>();
    for (Identifier identifier : identifiers) {
      StoredIdentifier cached = cache.identifier(identifier);
      if (cached != null) {
        found.put(identifier, cached);
      } else {
        missing.computeIfAbsent(identifier.type(), t -> new HashSet<>()).add(identifier.value());
      }
    }
    for (Map.Entry<String, Set<String>> type : missing.entrySet()) {
      List<StoredIdentifier> rows = session.list(
          "read " + type.getValue().size() + " identifiers " + type.getKey(),
          "SELECT " + COLUMNS + " FROM identifiers WHERE type = ? AND value IN ("
              + session.dialect().textsOfJsonArray() + ")",
          JdbcIdentifiers::map,
          type.getKey(),
          JsonColumns.strings(type.getValue()));
      for (StoredIdentifier row : rows) {
        cache.putIdentifier(row);
        found.put(row.state().identifier(), row);
      }
    }
    return found;
  }

  @Override
  public Map<String, List<StoredIdentifier>> ofProfiles(Collection<String> profileIds) {
    Map<String, List<StoredIdentifier>> found = new HashMap<>();
    Set<String> missing = new HashSet<>();
    for (String profileId : profileIds) {
      List<StoredIdentifier> cached = cache.identifiersOf(profileId);
      if (cached != null) {
        found.put(profileId, cached);
      } else {
        missing.add(profileId);
      }
    }
    if (missing.isEmpty()) {
      return found;
    }
    Map<String, List<StoredIdentifier>> read = new HashMap<>();
    for (StoredIdentifier row : session.list(
        "read the identifiers of " + missing.size() + " profiles",
        "SELECT " + COLUMNS + " FROM identifiers WHERE profile_id IN ("
            + session.dialect().textsOfJsonArray() + ") ORDER BY profile_id, type, value",
        JdbcIdentifiers::map,
        JsonColumns.strings(missing))) {
      read.computeIfAbsent(row.profileId(), k -> new ArrayList<>()).add(row);
    }
    for (String profileId : missing) {
      List<StoredIdentifier> rows = List.copyOf(read.getOrDefault(profileId, List.of()));
      cache.putIdentifiersOf(profileId, rows);
      found.put(profileId, rows);
    }
    return found;
  }

  @Override
  public List<StoredIdentifier> ofProfile(String profileId) {
    List<StoredIdentifier> cached = cache.identifiersOf(profileId);
    if (cached != null) {
      return cached;
    }
    List<StoredIdentifier> rows =
        List.copyOf(
            session.list(
                "read the identifiers of profile " + profileId,
                "SELECT " + COLUMNS + " FROM identifiers WHERE profile_id = ? ORDER BY type, value",
                JdbcIdentifiers::map,
                profileId));
    cache.putIdentifiersOf(profileId, rows);
    return rows;
  }

  @Override
  public void put(StoredIdentifier row) {
    session.checkWritable();
    Identifier identifier = row.state().identifier();
    Write write = write(find(identifier).orElse(null), row);
    session.update("store identifier " + identifier.type() + " of profile " + row.profileId(),
        write.sql(), write.parameters());
  }

  /**
   * As {@link #put} row by row, in two statements sent as batches: rows keeping their owners
   * change only the state columns, the others are upserted.
   */
  @Override
  public void putAll(List<StoredIdentifier> rows) {
    session.checkWritable();
    Map<Identifier, StoredIdentifier> latest = new LinkedHashMap<>();
    for (StoredIdentifier row : rows) {
      latest.remove(row.state().identifier());
      latest.put(row.state().identifier(), row);
    }
    Map<Identifier, StoredIdentifier> previous = findAll(latest.keySet());
    List<@Nullable Object[]> states = new ArrayList<>();
    List<@Nullable Object[]> upserts = new ArrayList<>();
    for (StoredIdentifier row : latest.values()) {
      Write write = write(previous.get(row.state().identifier()), row);
      (write.sql().equals(UPDATE_STATE) ? states : upserts).add(write.parameters());
    }
    session.batch("update " + states.size() + " identifiers", UPDATE_STATE, states);
    session.batch("store " + upserts.size() + " identifiers", UPSERT, upserts);
  }

  /**
   * Marks what storing {@code row} over {@code before} (null: none) changes, and returns the
   * statement that stores it: when the owners stay (the common case: a known identifier seen
   * again), only the state columns change, so the indexes on the owners stay untouched.
   */
  private Write write(@Nullable StoredIdentifier before, StoredIdentifier row) {
    if (before != null) {
      cache.touchOwner(before.profileId());
    }
    ProfileIdentifier state = row.state();
    Identifier identifier = state.identifier();
    cache.touchIdentifier(identifier);
    cache.touchOwner(row.profileId());
    changes.changed(row.profileId());
    long firstSeen = Instants.toNanos("firstSeen", state.firstSeen());
    long lastSeen = Instants.toNanos("lastSeen", state.lastSeen());
    int deliverable = state.deliverable() ? 1 : 0;
    int main = state.main() ? 1 : 0;
    return before != null
        && before.profileId().equals(row.profileId())
        && before.originProfileId().equals(row.originProfileId())
        ? new Write(UPDATE_STATE, firstSeen, lastSeen, deliverable, main,
            state.undeliverableReason(), identifier.type(), identifier.value(), row.profileId(),
            row.originProfileId())
        : new Write(UPSERT, identifier.type(), identifier.value(), row.profileId(),
            row.originProfileId(), firstSeen, lastSeen, deliverable, main,
            state.undeliverableReason());
  }

  /** A statement and its parameters. */
  private record Write(String sql, @Nullable Object... parameters) {}

  @Override
  public void remove(Identifier identifier) {
    session.checkWritable();
    cache.touchIdentifier(identifier);
    List<String> owners =
        session.list(
            "remove identifier " + identifier.type(),
            "DELETE FROM identifiers WHERE type = ? AND value = ? RETURNING profile_id",
            row -> row.getString(1),
            identifier.type(),
            identifier.value());
    owners.forEach(cache::touchOwner);
    owners.forEach(changes::changed);
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    session.checkWritable();
    if (fromProfileId.equals(toProfileId)) {
      return;
    }
    cache.touchOwner(fromProfileId);
    cache.touchOwner(toProfileId);
    touchReturned(
        "move the identifiers of profile " + fromProfileId + " to " + toProfileId,
        "UPDATE identifiers SET profile_id = ? WHERE profile_id = ? RETURNING type, value",
        toProfileId,
        fromProfileId);
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    session.checkWritable();
    String doing =
        "move the identifiers first received by " + originProfileId + " to " + toProfileId;
    cache.touchOwner(toProfileId);
    session
        .list(
            doing,
            "SELECT DISTINCT profile_id FROM identifiers"
                + " WHERE origin_profile_id = ? AND profile_id <> ?",
            row -> row.getString(1),
            originProfileId,
            toProfileId)
        .forEach(cache::touchOwner);
    touchReturned(
        doing,
        "UPDATE identifiers SET profile_id = ?"
            + " WHERE origin_profile_id = ? AND profile_id <> ? RETURNING type, value",
        toProfileId,
        originProfileId,
        toProfileId);
  }

  @Override
  public int deleteOfProfile(String profileId) {
    session.checkWritable();
    cache.touchOwner(profileId);
    return touchReturned(
        "delete the identifiers of profile " + profileId,
        "DELETE FROM identifiers WHERE profile_id = ? RETURNING type, value",
        profileId);
  }

  /** Runs a statement returning (type, value) rows, marks each touched, returns how many. */
  private int touchReturned(String doing, String sql, Object... parameters) {
    List<Identifier> touched =
        session.list(
            doing, sql, row -> new Identifier(row.getString(1), row.getString(2)), parameters);
    touched.forEach(cache::touchIdentifier);
    return touched.size();
  }

  static StoredIdentifier map(ResultSet row) throws SQLException {
    ProfileIdentifier state =
        new ProfileIdentifier(
            new Identifier(row.getString(1), row.getString(2)),
            Instants.ofNanos(row.getLong(5)),
            Instants.ofNanos(row.getLong(6)),
            row.getInt(7) != 0,
            row.getInt(8) != 0,
            row.getString(9));
    return new StoredIdentifier(state, row.getString(3), row.getString(4));
  }
}
