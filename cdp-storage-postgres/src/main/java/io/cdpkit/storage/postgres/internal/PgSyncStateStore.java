package io.cdpkit.storage.postgres.internal;

import io.cdpkit.segments.activation.PendingChange;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.storage.postgres.PostgresStorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/*
 * Tables from migration V005, as SQLite's V007: a batch is one row with its members as jsonb,
 * since it is only stored, read and deleted whole; held members are rows keyed by (segment,
 * destination, profile_id), profile ids in code-point order (COLLATE "C").
 *
 * Claims. Several instances may run SegmentSync on one database. SegmentSync takes the pair's
 * batch with findUnacknowledgedBatch, or forms one with saveBatch, then sends it and acknowledges
 * it. So both methods claim the batch for this store instance (a random owner id) for claimLease,
 * measured on the database's clock so hosts with skewed clocks agree: saveBatch by inserting the
 * row claimed, findUnacknowledgedBatch by an UPDATE of a row that is unclaimed, claimed by this
 * instance (renewing it) or whose claim expired (taking it over). Its row is picked FOR UPDATE
 * SKIP LOCKED, so an instance never waits for another's claim in progress; a batch claimed (or
 * being claimed) by another instance is not returned. The claim ends with the batch when it is
 * acknowledged; a failed delivery keeps it, so the instance that failed retries it, unless it is
 * gone for longer than the lease.
 *
 * Two guards keep an instance that forms while another one sends from doing harm (SegmentSync
 * forms when findUnacknowledgedBatch is empty, which it also is while another instance holds the
 * batch): saveBatch refuses a batch whose sequence does not follow the stored state's last
 * sequence (formed from a state read before another instance formed and acknowledged one, it
 * would reuse that batch's idempotency key for other members), and deleteChanges refuses changes
 * of a pair whose batch another instance holds (dropping an exit as "nothing to do" before that
 * batch's entry is acknowledged would lose the exit).
 */

/**
 * The segments module's {@link SyncStateStore} on PostgreSQL. Each method is one transaction of
 * its own, or part of the write running on the calling thread. Thread-safe; instances of several
 * processes may share one database (see the claims note in the source).
 */
public final class PgSyncStateStore implements SyncStateStore {
  /** The database's clock in nanoseconds since the epoch (microsecond precision). */
  private static final String DB_NOW =
      "(extract(epoch FROM clock_timestamp()) * 1000000000)::bigint";

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
  private static final String CLAIM =
      "UPDATE sync_batches SET claimed_by = ?, claim_expires = " + DB_NOW + " + ?"
          + " WHERE (segment, destination) = (SELECT segment, destination FROM sync_batches"
          + " WHERE segment = ? AND destination = ?"
          + " AND (claimed_by IS NULL OR claimed_by = ? OR claim_expires <= " + DB_NOW + ")"
          + " FOR UPDATE SKIP LOCKED)"
          + " RETURNING sequence, kind, last_part, added::text, removed::text";
  private static final String CHANGE_COLUMNS = "id, segment, destination, profile_id, reason, at";

  private final PgDatabase database;
  private final long leaseNanos;
  private final String owner = UUID.randomUUID().toString();

  PgSyncStateStore(PgDatabase database, Duration claimLease) {
    this.database = database;
    this.leaseNanos = claimLease.toNanos();
  }

  @Override
  public Optional<SyncState> findState(String segment, String destination) {
    return database.readSql(s -> s.first(
        "read the sync state of " + pair(segment, destination),
        "SELECT " + STATE_COLUMNS + " FROM sync_states WHERE segment = ? AND destination = ?",
        PgSyncStateStore::state, segment, destination));
  }

  @Override
  public List<SyncState> states() {
    return database.readSql(s -> s.list(
        "list sync states",
        "SELECT " + STATE_COLUMNS + " FROM sync_states ORDER BY segment, destination",
        PgSyncStateStore::state));
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
    positive(limit);
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
    return database.readSql(s -> s.number(
        "count pending sync changes of " + pair(segment, destination),
        "SELECT count(*) FROM sync_changes WHERE segment = ? AND destination = ?",
        segment, destination));
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
    Long[] array = new LinkedHashSet<>(ids).toArray(new Long[0]);
    String doing = "delete " + array.length + " sync changes";
    if (!consumedByBatch) {
      Optional<String> held = s.run(doing, c -> {
        try (PreparedStatement find = c.jdbc().prepareStatement(
            "SELECT segment || '/' || destination || '/' || sequence FROM sync_batches"
                + " WHERE claimed_by IS DISTINCT FROM ? AND (segment, destination) IN"
                + " (SELECT segment, destination FROM sync_changes WHERE id = ANY (?)) LIMIT 1")) {
          find.setString(1, owner);
          find.setArray(2, c.jdbc().createArrayOf("bigint", array));
          try (ResultSet rows = find.executeQuery()) {
            return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
          }
        }
      });
      if (held.isPresent()) {
        throw new IllegalStateException("batch " + held.get() + " is held by another instance;"
            + " the changes of its pair are kept until it is acknowledged");
      }
    }
    return s.run(doing, c -> {
      try (PreparedStatement delete =
          c.jdbc().prepareStatement("DELETE FROM sync_changes WHERE id = ANY (?)")) {
        delete.setArray(1, c.jdbc().createArrayOf("bigint", array));
        delete.executeUpdate();
        return null;
      }
    });
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
      int inserted = s.update(doing,
          "INSERT INTO sync_batches (segment, destination, sequence, kind, last_part, added,"
              + " removed, claimed_by, claim_expires)"
              + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, " + DB_NOW + " + ?)"
              + " ON CONFLICT (segment, destination) DO NOTHING",
          batch.segment(), batch.destination(), batch.sequence(), batch.kind().name(),
          batch.lastPart(), added, removed, owner, leaseNanos);
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
    return database.writeSql(s -> s.first(
        "claim the unacknowledged sync batch of " + pair(segment, destination),
        CLAIM,
        row -> new SyncBatch(segment, destination, row.getLong(1),
            kind(row.getString(2)), row.getBoolean(3),
            JsonColumns.syncMembers("sync_batches.added", row.getString(4)),
            JsonColumns.syncMembers("sync_batches.removed", row.getString(5))),
        owner, leaseNanos, segment, destination, owner));
  }

  @Override
  public void acknowledge(SyncBatch batch, SyncState state) {
    Objects.requireNonNull(batch, "batch");
    samePair(batch, state);
    StateRow row = StateRow.of(state);
    String added = JsonColumns.syncMembers(batch.added());
    String removed = JsonColumns.syncMembers(batch.removed());
    String doing = "acknowledge sync batch " + batch.idempotencyKey();
    database.writeSql(s -> {
      // Whoever holds the claim: a delivery confirmed late is still a delivery.
      int deleted = s.update(doing,
          "DELETE FROM sync_batches WHERE segment = ? AND destination = ? AND sequence = ?",
          batch.segment(), batch.destination(), batch.sequence());
      if (deleted == 0) {
        String pending = pendingKey(s, batch.segment(), batch.destination());
        throw new IllegalStateException(batch.idempotencyKey() + " is not the unacknowledged batch"
            + (pending == null ? " (there is none)" : " (" + pending + " is)"));
      }
      s.update(doing,
          "DELETE FROM sync_members WHERE segment = ? AND destination = ? AND profile_id IN"
              + " (SELECT m ->> 'id' FROM jsonb_array_elements(?::jsonb) m)",
          batch.segment(), batch.destination(), removed);
      // DISTINCT ON: a member added twice keeps its last identifiers, as one upsert after another.
      s.update(doing,
          "INSERT INTO sync_members (segment, destination, profile_id, identifiers)"
              + " SELECT DISTINCT ON (m ->> 'id') ?, ?, m ->> 'id', m -> 'identifiers'"
              + " FROM jsonb_array_elements(?::jsonb) WITH ORDINALITY AS a (m, n)"
              + " ORDER BY m ->> 'id', n DESC"
              + " ON CONFLICT (segment, destination, profile_id)"
              + " DO UPDATE SET identifiers = excluded.identifiers",
          batch.segment(), batch.destination(), added);
      return row.save(s);
    });
  }

  @Override
  public Optional<SyncMember> findSyncedMember(
      String segment, String destination, String profileId) {
    return database.readSql(s -> s.first(
        "read synced member " + profileId + " of " + pair(segment, destination),
        "SELECT identifiers::text FROM sync_members"
            + " WHERE segment = ? AND destination = ? AND profile_id = ?",
        row -> new SyncMember(profileId,
            JsonColumns.syncIdentifiers("sync_members.identifiers", row.getString(1))),
        segment, destination, profileId));
  }

  @Override
  public long countSyncedMembers(String segment, String destination) {
    return database.readSql(s -> s.number(
        "count synced members of " + pair(segment, destination),
        "SELECT count(*) FROM sync_members WHERE segment = ? AND destination = ?",
        segment, destination));
  }

  @Override
  public List<String> syncedMemberIds(
      String segment, String destination, @Nullable String afterProfileId, int limit) {
    positive(limit);
    return database.readSql(s -> s.list(
        "list synced members of " + pair(segment, destination),
        "SELECT profile_id FROM sync_members WHERE segment = ? AND destination = ?"
            + " AND (?::text IS NULL OR profile_id > ?) ORDER BY profile_id LIMIT ?",
        row -> row.getString(1),
        segment, destination, afterProfileId, afterProfileId, limit));
  }

  private static void positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
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
    SyncState.Status status;
    try {
      status = SyncState.Status.valueOf(row.getString(3));
    } catch (IllegalArgumentException e) {
      throw corrupt("sync_states.status", e);
    }
    return new SyncState(row.getString(1), row.getString(2), status, row.getString(4),
        row.getBoolean(5), row.getLong(6), row.getLong(7), row.getInt(8),
        Instants.ofNanos(row.getLong(9)), row.getString(10), Instants.ofNanos(row.getLong(11)));
  }

  private static SyncBatch.Kind kind(String name) {
    try {
      return SyncBatch.Kind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw corrupt("sync_batches.kind", e);
    }
  }

  /** Members as {@code [{"id", "identifiers": {key: value}}]}, in their order. */
  private static PostgresStorageException corrupt(String column, Exception e) {
    return new PostgresStorageException(
        "column " + column + " does not hold what this store writes (" + e.getMessage() + ")",
        null, e);
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
