package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.spi.IdentityIndex;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.SqlConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity index over the {@code identifiers} table, keyed by (type, value). Every change marks
 * the identifier and the profiles that held it before and after as touched, so the shared caches
 * drop them when the transaction ends.
 */
final class SqliteIdentifiers implements IdentityIndex {
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
      "UPDATE identifiers SET first_seen = ?5, last_seen = ?6, deliverable = ?7, main = ?8,"
          + " undeliverable_reason = ?9 WHERE type = ?1 AND value = ?2 AND profile_id = ?3 AND"
          + " origin_profile_id = ?4";

  private final SqliteSession session;

  SqliteIdentifiers(SqliteSession session) {
    this.session = session;
  }

  @Override
  public Optional<StoredIdentifier> find(Identifier identifier) {
    Objects.requireNonNull(identifier, "identifier");
    StoredIdentifier cached = session.cache().identifier(identifier);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<StoredIdentifier> found =
        session.sql(
            "read identifier " + identifier.type(),
            c -> {
              PreparedStatement find =
                  c.prepare("SELECT " + COLUMNS + " FROM identifiers WHERE type = ? AND value = ?");
              find.setString(1, identifier.type());
              find.setString(2, identifier.value());
              try (SqlConnection.Rows rows = c.query(find)) {
                return rows.next() ? Optional.of(map(rows.results())) : Optional.empty();
              }
            });
    found.ifPresent(session.cache()::putIdentifier);
    return found;
  }

  @Override
  public List<StoredIdentifier> ofProfile(String profileId) {
    List<StoredIdentifier> cached = session.cache().identifiersOf(profileId);
    if (cached != null) {
      return cached;
    }
    List<StoredIdentifier> rows =
        session.sql(
            "read the identifiers of profile " + profileId,
            c -> {
              PreparedStatement of =
                  c.prepare(
                      "SELECT "
                          + COLUMNS
                          + " FROM identifiers WHERE profile_id = ?"
                          + " ORDER BY type, value");
              of.setString(1, profileId);
              List<StoredIdentifier> found = new ArrayList<>();
              try (SqlConnection.Rows results = c.query(of)) {
                while (results.next()) {
                  found.add(map(results.results()));
                }
              }
              return List.copyOf(found);
            });
    session.cache().putIdentifiersOf(profileId, rows);
    return rows;
  }

  @Override
  public void put(StoredIdentifier row) {
    session.checkWritable();
    Identifier identifier = row.state().identifier();
    Optional<StoredIdentifier> previous = find(identifier);
    previous.ifPresent(p -> session.cache().touchOwner(p.profileId()));
    session.cache().touchIdentifier(identifier);
    session.cache().touchOwner(row.profileId());
    ProfileIdentifier state = row.state();
    long firstSeen = Instants.toNanos("firstSeen", state.firstSeen());
    long lastSeen = Instants.toNanos("lastSeen", state.lastSeen());
    // Same owners: change only the state columns, so the indexes on the owners stay untouched
    // (the common case: a known identifier seen again).
    boolean sameOwners =
        previous.isPresent()
            && previous.get().profileId().equals(row.profileId())
            && previous.get().originProfileId().equals(row.originProfileId());
    session.sql(
        "store identifier " + identifier.type() + " of profile " + row.profileId(),
        c -> {
          PreparedStatement write = c.prepare(sameOwners ? UPDATE_STATE : UPSERT);
          write.setString(1, identifier.type());
          write.setString(2, identifier.value());
          write.setString(3, row.profileId());
          write.setString(4, row.originProfileId());
          write.setLong(5, firstSeen);
          write.setLong(6, lastSeen);
          write.setInt(7, state.deliverable() ? 1 : 0);
          write.setInt(8, state.main() ? 1 : 0);
          write.setString(9, state.undeliverableReason());
          return write.executeUpdate();
        });
  }

  @Override
  public void remove(Identifier identifier) {
    session.checkWritable();
    session.cache().touchIdentifier(identifier);
    session.sql(
        "remove identifier " + identifier.type(),
        c -> {
          PreparedStatement remove =
              c.prepare(
                  "DELETE FROM identifiers WHERE type = ? AND value = ? RETURNING profile_id");
          remove.setString(1, identifier.type());
          remove.setString(2, identifier.value());
          try (SqlConnection.Rows rows = c.query(remove)) {
            while (rows.next()) {
              session.cache().touchOwner(rows.results().getString(1));
            }
          }
          return null;
        });
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    session.checkWritable();
    if (fromProfileId.equals(toProfileId)) {
      return;
    }
    touchOwners(fromProfileId, toProfileId);
    session.sql(
        "move the identifiers of profile " + fromProfileId + " to " + toProfileId,
        c -> {
          PreparedStatement move =
              c.prepare(
                  "UPDATE identifiers SET profile_id = ?2 WHERE profile_id = ?1"
                      + " RETURNING type, value");
          move.setString(1, fromProfileId);
          move.setString(2, toProfileId);
          touchReturned(c, move);
          return null;
        });
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    session.checkWritable();
    session.cache().touchOwner(toProfileId);
    session.sql(
        "move the identifiers first received by " + originProfileId + " to " + toProfileId,
        c -> {
          PreparedStatement owners =
              c.prepare(
                  "SELECT DISTINCT profile_id FROM identifiers"
                      + " WHERE origin_profile_id = ?1 AND profile_id <> ?2");
          owners.setString(1, originProfileId);
          owners.setString(2, toProfileId);
          try (SqlConnection.Rows rows = c.query(owners)) {
            while (rows.next()) {
              session.cache().touchOwner(rows.results().getString(1));
            }
          }
          PreparedStatement move =
              c.prepare(
                  "UPDATE identifiers SET profile_id = ?2"
                      + " WHERE origin_profile_id = ?1 AND profile_id <> ?2 RETURNING type, value");
          move.setString(1, originProfileId);
          move.setString(2, toProfileId);
          touchReturned(c, move);
          return null;
        });
  }

  @Override
  public int deleteOfProfile(String profileId) {
    session.checkWritable();
    session.cache().touchOwner(profileId);
    return session.sql(
        "delete the identifiers of profile " + profileId,
        c -> {
          PreparedStatement delete =
              c.prepare("DELETE FROM identifiers WHERE profile_id = ? RETURNING type, value");
          delete.setString(1, profileId);
          return touchReturned(c, delete);
        });
  }

  private void touchOwners(String... profileIds) {
    for (String profileId : profileIds) {
      session.cache().touchOwner(profileId);
    }
  }

  /** Runs a statement returning (type, value) rows, marks each touched, returns how many. */
  private int touchReturned(SqlConnection c, PreparedStatement statement) throws SQLException {
    int count = 0;
    try (SqlConnection.Rows rows = c.query(statement)) {
      while (rows.next()) {
        session
            .cache()
            .touchIdentifier(
                new Identifier(rows.results().getString(1), rows.results().getString(2)));
        count++;
      }
    }
    return count;
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
