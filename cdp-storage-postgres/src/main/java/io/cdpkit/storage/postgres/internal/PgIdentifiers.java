package io.cdpkit.storage.postgres.internal;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.spi.IdentityIndex;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.storage.jdbc.Instants;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The identity index over the {@code identifiers} table, keyed by (type, value): the primary key
 * is what keeps an identifier on one profile when several processes write at once (a concurrent
 * claim of the same identifier ends in a serialization failure, and its transaction is retried).
 * Flags are stored as 0 or 1.
 */
final class PgIdentifiers implements IdentityIndex {
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

  private final PgSession session;

  PgIdentifiers(PgSession session) {
    this.session = session;
  }

  @Override
  public Optional<StoredIdentifier> find(Identifier identifier) {
    Objects.requireNonNull(identifier, "identifier");
    return session.first(
        "read identifier " + identifier.type(),
        "SELECT " + COLUMNS + " FROM identifiers WHERE type = ? AND value = ?",
        PgIdentifiers::map,
        identifier.type(),
        identifier.value());
  }

  @Override
  public List<StoredIdentifier> ofProfile(String profileId) {
    return session.list(
        "read the identifiers of profile " + profileId,
        "SELECT " + COLUMNS + " FROM identifiers WHERE profile_id = ? ORDER BY type, value",
        PgIdentifiers::map,
        profileId);
  }

  @Override
  public void put(StoredIdentifier row) {
    ProfileIdentifier state = row.state();
    session.update(
        "store identifier " + state.identifier().type() + " of profile " + row.profileId(),
        UPSERT,
        state.identifier().type(),
        state.identifier().value(),
        row.profileId(),
        row.originProfileId(),
        Instants.toNanos("firstSeen", state.firstSeen()),
        Instants.toNanos("lastSeen", state.lastSeen()),
        state.deliverable() ? 1 : 0,
        state.main() ? 1 : 0,
        state.undeliverableReason());
  }

  @Override
  public void remove(Identifier identifier) {
    session.update(
        "remove identifier " + identifier.type(),
        "DELETE FROM identifiers WHERE type = ? AND value = ?",
        identifier.type(),
        identifier.value());
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    session.update(
        "move the identifiers of profile " + fromProfileId + " to " + toProfileId,
        "UPDATE identifiers SET profile_id = ? WHERE profile_id = ? AND profile_id <> ?",
        toProfileId,
        fromProfileId,
        toProfileId);
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    session.update(
        "move the identifiers first received by " + originProfileId + " to " + toProfileId,
        "UPDATE identifiers SET profile_id = ? WHERE origin_profile_id = ? AND profile_id <> ?",
        toProfileId,
        originProfileId,
        toProfileId);
  }

  @Override
  public int deleteOfProfile(String profileId) {
    return session.update(
        "delete the identifiers of profile " + profileId,
        "DELETE FROM identifiers WHERE profile_id = ?",
        profileId);
  }

  private static StoredIdentifier map(ResultSet row) throws SQLException {
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
