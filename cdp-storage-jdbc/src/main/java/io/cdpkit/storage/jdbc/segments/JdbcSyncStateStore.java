package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.segments.activation.PendingChange;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/*
 * Tables from SQLite's migration V007, PostgreSQL's V005: a batch is one row whose members are
 * JSON, because it is only ever stored, read and deleted whole; the members a destination holds are
 * rows keyed by (segment, destination, profile_id), so one can be found, counted and paged in id
 * order (code-point order, as the in-memory store's) from the key alone. saveBatch and acknowledge
 * each run as one write transaction: a refusal (an IllegalStateException thrown inside it) rolls
 * everything back.
 *
 * Claims. SegmentSync takes the pair's batch with findUnacknowledgedBatch, or forms one with
 * saveBatch inside formAlone (which claims the pair, so that one instance forms at a time), then
 * sends it and acknowledges it; where several instances may run SegmentSync on one
 * database (PostgreSQL), both claim the batch for this instance through BatchClaims, and a batch
 * another instance holds is not returned. Two guards keep an instance that forms while another one
 * sends from doing harm (SegmentSync forms when findUnacknowledgedBatch is empty, which it also is
 * while another instance holds the batch): saveBatch refuses a batch whose sequence does not follow
 * the stored state's last sequence (formed from a state read before another instance formed and
 * acknowledged one, it would reuse that batch's idempotency key for other members), and
 * deleteChanges refuses changes of a pair whose batch another instance holds (dropping an exit as
 * "nothing to do" before that batch's entry is acknowledged would lose the exit).
 */

/**
 * The segments module's {@link SyncStateStore} on a store's database. Each method is one
 * transaction of its own, or part of the write running on the calling thread. Thread-safe.
 */
public final class JdbcSyncStateStore implements SyncStateStore {
  private static final String STATE_COLUMNS =
      "segment, destination, status, snapshot_cursor, snapshot_complete, last_sequence,"
          + " acknowledged_sequence, attempts, next_attempt_at, failure, updated_at";
  private static final String SAVE_STATE =
      "INSERT INTO sync_states (" + STATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (segment, destination) DO UPDATE"
          + " SET status = excluded.status, snapshot_cursor = excluded.snapshot_cursor,"
          + " snapshot_complete = excluded.snapshot_complete,"
          + " last_sequence = excluded.last_sequence,"
          + " acknowledged_sequence = excluded.acknowledged_sequence,"
          + " attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,"
          + " failure = excluded.failure, updated_at = excluded.updated_at";
  private static final String BATCH_COLUMNS = "sequence, kind, last_part, added, removed";
  private static final String CHANGE_COLUMNS = "id, segment, destination, profile_id, reason, at";

  private final JdbcDatabase database;
  private final BatchClaims claims;

  public JdbcSyncStateStore(JdbcDatabase database, BatchClaims claims) {
    this.database = database;
    this.claims = claims;
  }

  @Override
  public Optional<SyncState> findState(String segment, String destination) {
    return database.readSql(s -> s.first(
        "read the sync state of " + pair(segment, destination),
        "SELECT " + STATE_COLUMNS + " FROM sync_states WHERE segment = ? AND destination = ?",
        JdbcSyncStateStore::state, segment, destination));
  }

  @Override
  public List<SyncState> states() {
    return database.readSql(s -> s.list(
        "list sync states",
        "SELECT " + STATE_COLUMNS + " FROM sync_states ORDER BY segment, destination",
        JdbcSyncStateStore::state));
  }

  @Override
  public void saveState(SyncState state) {
    StateRow row = StateRow.of(state);
    database.writeSql(s -> row.save(s));
  }

  @Override
  public PendingChange appendChange(
      String segment, String destination, String profileId, String reason, Instant at) {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(reason, "reason");
    long atNanos = Instants.toNanos("at", at);
    long id = database.writeSql(s -> s.number(
        "append a sync change of " + pair(segment, destination),
        "INSERT INTO sync_changes (segment, destination, profile_id, reason, at)"
            + " VALUES (?, ?, ?, ?, ?) RETURNING id",
        segment, destination, profileId, reason, atNanos));
    return new PendingChange(id, segment, destination, profileId, reason, at);
  }

  @Override
  public List<PendingChange> pendingChanges(String segment, String destination, int limit) {
    Sql.positive(limit);
    return database.readSql(s -> s.list(
        "list pending sync changes of " + pair(segment, destination),
        "SELECT " + CHANGE_COLUMNS + " FROM sync_changes WHERE segment = ? AND destination = ?"
            + " ORDER BY id LIMIT ?",
        row -> new PendingChange(row.getLong(1), row.getString(2), row.getString(3),
            row.getString(4), row.getString(5), Instants.ofNanos(row.getLong(6))),
        segment, destination, limit));
  }

  @Override
  public long countPendingChanges(String segment, String destination) {
    return count("sync_changes", segment, destination);
  }

  @Override
  public void deleteChanges(Collection<Long> changeIds) {
    List<Long> ids = List.copyOf(changeIds);
    if (!ids.isEmpty()) {
      database.writeSql(s -> deleteChanges(s, ids, false));
    }
  }

  /**
   * Deletes changes. Unless they go into a batch saved in the same transaction, changes of a pair
   * whose unacknowledged batch another instance holds are refused: what its destination holds is
   * about to change, so "the destination already matched" cannot be known yet.
   */
  private @Nullable Void deleteChanges(Sql s, List<Long> ids, boolean consumedByBatch) {
    if (ids.isEmpty()) {
      return null;
    }
    List<Long> distinct = List.copyOf(new LinkedHashSet<>(ids));
    String doing = "delete " + distinct.size() + " sync changes";
    if (!consumedByBatch) {
      Optional<String> held = claims.heldByAnother(s, doing, distinct);
      if (held.isPresent()) {
        throw new IllegalStateException("batch " + held.get() + " is held by another instance;"
            + " the changes of its pair are kept until it is acknowledged");
      }
    }
    s.batch(doing, "DELETE FROM sync_changes WHERE id = ?",
        distinct.stream().map(id -> new Object[] {id}).toList());
    return null;
  }

  @Override
  public void saveBatch(SyncBatch batch, Collection<Long> consumedChangeIds, SyncState state) {
    Objects.requireNonNull(batch, "batch");
    samePair(batch, state);
    List<Long> consumed = List.copyOf(consumedChangeIds);
    StateRow row = StateRow.of(state);
    String added = JsonColumns.syncMembers(batch.added());
    String removed = JsonColumns.syncMembers(batch.removed());
    String doing = "save sync batch " + batch.idempotencyKey();
    database.writeSql(s -> {
      long stored = s.first(doing,
          "SELECT last_sequence FROM sync_states WHERE segment = ? AND destination = ?",
          r -> r.getLong(1), batch.segment(), batch.destination()).orElse(0L);
      if (batch.sequence() <= stored) {
        throw new IllegalStateException("batch " + batch.idempotencyKey()
            + " was formed from an outdated state: the last batch formed for "
            + pair(batch.segment(), batch.destination()) + " has sequence " + stored);
      }
      String json = s.dialect().json();
      List<Object> values = new ArrayList<>(List.of(batch.segment(), batch.destination(),
          batch.sequence(), batch.kind().name(), batch.lastPart(), added, removed));
      values.addAll(List.of(claims.insertParameters()));
      int inserted = s.update(doing,
          "INSERT INTO sync_batches (segment, destination, sequence, kind, last_part, added,"
              + " removed" + claims.insertColumns() + ")"
              + " VALUES (?, ?, ?, ?, ?, " + json + ", " + json + claims.insertValues() + ")"
              + " ON CONFLICT (segment, destination) DO NOTHING",
          values.toArray());
      if (inserted == 0) {
        throw new IllegalStateException("batch " + pendingKey(s, batch.segment(),
            batch.destination()) + " is not acknowledged yet; cannot save "
            + batch.idempotencyKey());
      }
      deleteChanges(s, consumed, true);
      return row.save(s);
    });
  }

  /**
   * The pair's unacknowledged batch, claimed for this instance; empty when there is none or
   * another instance holds an unexpired claim on it.
   */
  @Override
  public Optional<SyncBatch> findUnacknowledgedBatch(String segment, String destination) {
    return claims.take(database,
        "claim the unacknowledged sync batch of " + pair(segment, destination), BATCH_COLUMNS,
        segment, destination, row -> batch(segment, destination, row, 1));
  }

  /** Holds the pair through {@link BatchClaims#claimPair} while {@code form} runs. */
  @Override
  public <T> @Nullable T formAlone(
      String segment, String destination, Supplier<@Nullable T> form) {
    if (!claims.claimPair(database, segment, destination)) {
      return null;
    }
    try {
      return form.get();
    } finally {
      claims.releasePair(database, segment, destination);
    }
  }

  @Override
  public void acknowledge(SyncBatch batch, SyncState state) {
    Objects.requireNonNull(batch, "batch");
    samePair(batch, state);
    StateRow row = StateRow.of(state);
    String doing = "acknowledge sync batch " + batch.idempotencyKey();
    database.writeSql(s -> {
      // The stored batch, not the caller's copy: an erasure may have taken members out of it.
      Optional<List<List<SyncMember>>> stored = s.first(doing,
          "SELECT added, removed FROM sync_batches"
              + " WHERE segment = ? AND destination = ? AND sequence = ?",
          r -> List.of(JsonColumns.syncMembers("sync_batches.added", r.getString(1)),
              JsonColumns.syncMembers("sync_batches.removed", r.getString(2))),
          batch.segment(), batch.destination(), batch.sequence());
      if (stored.isEmpty()) {
        String pending = pendingKey(s, batch.segment(), batch.destination());
        throw new IllegalStateException(batch.idempotencyKey() + " is not the unacknowledged batch"
            + (pending == null ? " (there is none)" : " (" + pending + " is)"));
      }
      List<SyncMember> added = stored.get().get(0);
      List<SyncMember> removed = stored.get().get(1);
      // Whoever holds the claim: a delivery confirmed late is still a delivery.
      s.update(doing,
          "DELETE FROM sync_batches WHERE segment = ? AND destination = ? AND sequence = ?",
          batch.segment(), batch.destination(), batch.sequence());
      s.batch(doing,
          "DELETE FROM sync_members WHERE segment = ? AND destination = ? AND profile_id = ?",
          removed.stream().map(member -> new Object[] {
              batch.segment(), batch.destination(), member.profileId()}).toList());
      // One upsert after another: a member added twice keeps its last identifiers.
      s.batch(doing,
          "INSERT INTO sync_members (segment, destination, profile_id, identifiers)"
              + " VALUES (?, ?, ?, " + s.dialect().json() + ")"
              + " ON CONFLICT (segment, destination, profile_id)"
              + " DO UPDATE SET identifiers = excluded.identifiers",
          added.stream().map(member -> new Object[] {batch.segment(),
              batch.destination(), member.profileId(),
              JsonColumns.syncIdentifiers(member.identifiers())}).toList());
      return row.save(s);
    });
  }

  @Override
  public void forgetProfile(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    String doing = "forget the sync data of profile " + profileId;
    database.writeSql(s -> {
      s.update(doing, "DELETE FROM sync_changes WHERE profile_id = ?", profileId);
      s.update(doing, "DELETE FROM sync_members WHERE profile_id = ?", profileId);
      List<SyncBatch> batches = s.list(doing,
          "SELECT segment, destination, " + BATCH_COLUMNS + " FROM sync_batches",
          r -> batch(r.getString(1), r.getString(2), r, 3));
      String json = s.dialect().json();
      for (SyncBatch batch : batches) {
        List<SyncMember> added = without(batch.added(), profileId);
        List<SyncMember> removed = without(batch.removed(), profileId);
        if (added.size() < batch.added().size() || removed.size() < batch.removed().size()) {
          s.update(doing,
              "UPDATE sync_batches SET added = " + json + ", removed = " + json
                  + " WHERE segment = ? AND destination = ?",
              JsonColumns.syncMembers(added), JsonColumns.syncMembers(removed),
              batch.segment(), batch.destination());
        }
      }
      return null;
    });
  }

  private static List<SyncMember> without(List<SyncMember> members, String profileId) {
    return members.stream().filter(m -> !m.profileId().equals(profileId)).toList();
  }

  @Override
  public Optional<SyncMember> findSyncedMember(
      String segment, String destination, String profileId) {
    return database.readSql(s -> s.first(
        "read synced member " + profileId + " of " + pair(segment, destination),
        "SELECT identifiers FROM sync_members"
            + " WHERE segment = ? AND destination = ? AND profile_id = ?",
        row -> new SyncMember(profileId,
            JsonColumns.syncIdentifiers("sync_members.identifiers", row.getString(1))),
        segment, destination, profileId));
  }

  @Override
  public long countSyncedMembers(String segment, String destination) {
    return count("sync_members", segment, destination);
  }

  private long count(String table, String segment, String destination) {
    return database.readSql(s -> s.number("count " + table + " of " + pair(segment, destination),
        "SELECT count(*) FROM " + table + " WHERE segment = ? AND destination = ?",
        segment, destination));
  }

  @Override
  public List<String> syncedMemberIds(
      String segment, String destination, @Nullable String afterProfileId, int limit) {
    Sql.positive(limit);
    return database.readSql(s -> s.list(
        "list synced members of " + pair(segment, destination),
        "SELECT profile_id FROM sync_members WHERE segment = ? AND destination = ?"
            + " AND (" + s.dialect().typed("text") + " IS NULL OR profile_id > ?)"
            + " ORDER BY profile_id LIMIT ?",
        row -> row.getString(1),
        segment, destination, afterProfileId, afterProfileId, limit));
  }

  private static String pair(String segment, String destination) {
    return "segment " + segment + " to " + destination;
  }

  private static void samePair(SyncBatch batch, SyncState state) {
    Objects.requireNonNull(state, "state");
    if (!batch.segment().equals(state.segment())
        || !batch.destination().equals(state.destination())) {
      throw new IllegalArgumentException("the state of "
          + pair(state.segment(), state.destination()) + " does not belong to batch "
          + batch.idempotencyKey());
    }
  }

  private static @Nullable String pendingKey(Sql s, String segment, String destination) {
    return s.first("find the unacknowledged sync batch of " + pair(segment, destination),
        "SELECT sequence FROM sync_batches WHERE segment = ? AND destination = ?",
        row -> segment + "/" + destination + "/" + row.getLong(1),
        segment, destination).orElse(null);
  }

  private static SyncState state(ResultSet row) throws SQLException {
    SyncState.Status status = CorruptColumnException.constant(
        SyncState.Status.class, "sync_states.status", "status", row.getString(3));
    return new SyncState(row.getString(1), row.getString(2), status, row.getString(4),
        row.getBoolean(5), row.getLong(6), row.getLong(7), row.getInt(8),
        Instants.ofNanos(row.getLong(9)), row.getString(10), Instants.ofNanos(row.getLong(11)));
  }

  /** The pair's batch from the {@link #BATCH_COLUMNS} of {@code row}, from column {@code first}. */
  private static SyncBatch batch(String segment, String destination, ResultSet row, int first)
      throws SQLException {
    return new SyncBatch(segment, destination, row.getLong(first),
        CorruptColumnException.constant(
            SyncBatch.Kind.class, "sync_batches.kind", "kind", row.getString(first + 1)),
        row.getBoolean(first + 2),
        JsonColumns.syncMembers("sync_batches.added", row.getString(first + 3)),
        JsonColumns.syncMembers("sync_batches.removed", row.getString(first + 4)));
  }

  /**
   * A state's column values, converted before the transaction starts so that an instant out of
   * range fails without opening one.
   */
  private record StateRow(SyncState state, long nextAttemptAt, long updatedAt) {

    static StateRow of(SyncState state) {
      Objects.requireNonNull(state, "state");
      return new StateRow(state, Instants.toNanos("nextAttemptAt", state.nextAttemptAt()),
          Instants.toNanos("updatedAt", state.updatedAt()));
    }

    @Nullable Void save(Sql s) {
      s.update("save the sync state of " + pair(state.segment(), state.destination()), SAVE_STATE,
          state.segment(), state.destination(), state.status().name(), state.snapshotCursor(),
          state.snapshotComplete(), state.lastSequence(), state.acknowledgedSequence(),
          state.attempts(), nextAttemptAt, state.failure(), updatedAt);
      return null;
    }
  }
}
