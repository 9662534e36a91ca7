package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.segments.spi.SegmentStore.PendingChange;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.RowClaims;
import io.cdpkit.storage.jdbc.RowClaims.Claimable;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.storage.jdbc.core.ChangedProfiles;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Design: a queue keyed by profile, written by the store's Java write path.
 *
 * Table membership_pending (id, profile_id UNIQUE, change_seq): at the end of every write that
 * changed profiles (rows, events, identifiers, merges), one upsert per distinct profile, while some
 * segment is saved; a profile already pending keeps its place (id) and takes change_seq + 1. No
 * trigger on events: the cost is per write and profile, not per event row. A consumer completes a
 * change with a DELETE conditional on change_seq, so a change recorded after it read the profile
 * stays pending. Like workflow_signals, it is a queue rather than a cursor, so a row that commits
 * late is simply claimed later; on PostgreSQL several instances claim rows with FOR UPDATE SKIP
 * LOCKED and a lease (RowClaims).
 */
/** The membership feed's rows: recorded by writes, claimed and completed by segments. */
final class MembershipFeed {
  private static final Claimable PENDING =
      new Claimable("membership_pending", null, "id, profile_id, change_seq", null, "id");

  private final JdbcDatabase database;
  private final RowClaims claims;

  MembershipFeed(JdbcDatabase database, RowClaims claims) {
    this.database = database;
    this.claims = claims;
  }

  /** Records what a write changed, inside that write. */
  static void record(Sql s, ChangedProfiles changes) {
    if (!changes.deleted().isEmpty()) {
      s.batch("drop the pending membership changes of deleted profiles",
          "DELETE FROM membership_pending WHERE profile_id = ?", rows(changes.deleted()));
    }
    if (!changes.changed().isEmpty()
        && s.first("find a saved segment", "SELECT 1 FROM segments LIMIT 1", row -> 1)
            .isPresent()) {
      s.batch("record " + changes.changed().size() + " pending membership changes",
          "INSERT INTO membership_pending (profile_id) VALUES (?) ON CONFLICT (profile_id)"
              + " DO UPDATE SET change_seq = membership_pending.change_seq + 1",
          rows(changes.changed()));
    }
  }

  private static List<@Nullable Object[]> rows(Iterable<String> profileIds) {
    List<@Nullable Object[]> rows = new ArrayList<>();
    for (String id : profileIds) {
      rows.add(new Object[] {id});
    }
    return rows;
  }

  List<PendingChange> pending(int limit) {
    return claims.claim(database, "claim pending membership changes", PENDING, Sql.positive(limit),
        row -> new PendingChange(row.getString(2), row.getLong(3)));
  }

  Optional<PendingChange> find(String profileId) {
    return database.readSql(s -> s.first("find the pending membership change of " + profileId,
        "SELECT change_seq FROM membership_pending WHERE profile_id = ?",
        row -> new PendingChange(profileId, row.getLong(1)), profileId));
  }

  boolean complete(PendingChange change) {
    return database.writeSql(s -> s.update(
        "complete the pending membership change of " + change.profileId(),
        "DELETE FROM membership_pending WHERE profile_id = ? AND change_seq = ?",
        change.profileId(), change.sequence()) > 0);
  }
}
