package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.segments.activation.PendingChange;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.SqlConnection;
import io.cdpkit.storage.sqlite.SqliteStorageException.Kind;
import io.cdpkit.storage.sqlite.SqliteStorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Tables from migration V007, one per concept of the port. A batch is one row whose members are
 * JSON, because it is only ever stored, read and deleted whole; the members a destination holds are
 * rows keyed by (segment, destination, profile_id), so one can be found, counted and paged in id
 * order (binary collation: code-point order, as the in-memory store's CodePoints order) from the
 * key alone. saveBatch and acknowledge each run as one write transaction: a refusal (an
 * IllegalStateException thrown inside it) rolls everything back.
 */

/**
 * The segments module's {@link SyncStateStore} on the store's database. Each method is one
 * transaction of its own (through the single writer for writes, on a reader for reads), or part of
 * the write running on the calling thread. Thread-safe. The {@code SqliteStorage} owns the
 * connections.
 */
public final class SqliteSyncStateStore implements SyncStateStore {
  private static final String STATE_COLUMNS =
      "segment, destination, status, snapshot_cursor, snapshot_complete, last_sequence,"
          + " acknowledged_sequence, attempts, next_attempt_at, failure, updated_at";
  private static final String SAVE_STATE =
      "INSERT INTO sync_states ("
          + STATE_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (segment, destination) DO UPDATE"
          + " SET status = excluded.status, snapshot_cursor = excluded.snapshot_cursor,"
          + " snapshot_complete = excluded.snapshot_complete,"
          + " last_sequence = excluded.last_sequence,"
          + " acknowledged_sequence = excluded.acknowledged_sequence,"
          + " attempts = excluded.attempts, next_attempt_at = excluded.next_attempt_at,"
          + " failure = excluded.failure, updated_at = excluded.updated_at";

  private final SqliteDatabase database;

  SqliteSyncStateStore(SqliteDatabase database) {
    this.database = database;
  }

  @Override
  public Optional<SyncState> findState(String segment, String destination) {
    return database.readSql(
        "read the sync state of " + pair(segment, destination),
        c -> {
          PreparedStatement find =
              c.prepare(
                  "SELECT " + STATE_COLUMNS + " FROM sync_states"
                      + " WHERE segment = ? AND destination = ?");
          find.setString(1, segment);
          find.setString(2, destination);
          try (SqlConnection.Rows rows = c.query(find)) {
            return rows.next() ? Optional.of(state(rows.results())) : Optional.empty();
          }
        });
  }

  @Override
  public List<SyncState> states() {
    return database.readSql(
        "list sync states",
        c -> {
          PreparedStatement list =
              c.prepare(
                  "SELECT " + STATE_COLUMNS + " FROM sync_states ORDER BY segment, destination");
          List<SyncState> states = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(list)) {
            while (rows.next()) {
              states.add(state(rows.results()));
            }
          }
          return states;
        });
  }

  @Override
  public void saveState(SyncState state) {
    StateRow row = StateRow.of(state);
    database.writeSql(
        "save the sync state of " + pair(state.segment(), state.destination()),
        c -> {
          row.save(c);
          return null;
        });
  }

  @Override
  public PendingChange appendChange(
      String segment, String destination, String profileId, String reason, Instant at) {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(reason, "reason");
    long atNanos = Instants.toNanos("at", at);
    long id =
        database.writeSql(
            "append a sync change of " + pair(segment, destination),
            c -> {
              PreparedStatement insert =
                  c.prepare(
                      "INSERT INTO sync_changes (segment, destination, profile_id, reason, at)"
                          + " VALUES (?, ?, ?, ?, ?) RETURNING id");
              insert.setString(1, segment);
              insert.setString(2, destination);
              insert.setString(3, profileId);
              insert.setString(4, reason);
              insert.setLong(5, atNanos);
              try (SqlConnection.Rows rows = c.query(insert)) {
                if (!rows.next()) {
                  throw new IllegalStateException("INSERT ... RETURNING returned no row");
                }
                return rows.results().getLong(1);
              }
            });
    return new PendingChange(id, segment, destination, profileId, reason, at);
  }

  @Override
  public List<PendingChange> pendingChanges(String segment, String destination, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return database.readSql(
        "list pending sync changes of " + pair(segment, destination),
        c -> {
          PreparedStatement list =
              c.prepare(
                  "SELECT id, segment, destination, profile_id, reason, at FROM sync_changes"
                      + " WHERE segment = ? AND destination = ? ORDER BY id LIMIT ?");
          list.setString(1, segment);
          list.setString(2, destination);
          list.setInt(3, limit);
          List<PendingChange> changes = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(list)) {
            while (rows.next()) {
              ResultSet row = rows.results();
              changes.add(
                  new PendingChange(
                      row.getLong(1),
                      row.getString(2),
                      row.getString(3),
                      row.getString(4),
                      row.getString(5),
                      Instants.ofNanos(row.getLong(6))));
            }
          }
          return changes;
        });
  }

  @Override
  public long countPendingChanges(String segment, String destination) {
    return database.readSql(
        "count pending sync changes of " + pair(segment, destination),
        c -> {
          PreparedStatement count =
              c.prepare(
                  "SELECT count(*) FROM sync_changes WHERE segment = ? AND destination = ?");
          count.setString(1, segment);
          count.setString(2, destination);
          return single(c, count);
        });
  }

  @Override
  public void deleteChanges(Collection<Long> changeIds) {
    List<Long> ids = List.copyOf(changeIds);
    if (ids.isEmpty()) {
      return;
    }
    database.writeSql(
        "delete " + ids.size() + " sync changes",
        c -> {
          deleteChanges(c, ids);
          return null;
        });
  }

  private static void deleteChanges(SqlConnection c, Collection<Long> ids) throws SQLException {
    PreparedStatement delete = c.prepare("DELETE FROM sync_changes WHERE id = ?");
    for (long id : new LinkedHashSet<>(ids)) {
      delete.setLong(1, id);
      delete.executeUpdate();
    }
  }

  @Override
  public void saveBatch(SyncBatch batch, Collection<Long> consumedChangeIds, SyncState state) {
    Objects.requireNonNull(batch, "batch");
    samePair(batch, state);
    List<Long> consumed = List.copyOf(consumedChangeIds);
    StateRow row = StateRow.of(state);
    String added = JsonColumns.syncMembers(batch.added());
    String removed = JsonColumns.syncMembers(batch.removed());
    database.writeSql(
        "save sync batch " + batch.idempotencyKey(),
        c -> {
          PreparedStatement insert =
              c.prepare(
                  "INSERT INTO sync_batches"
                      + " (segment, destination, sequence, kind, last_part, added, removed)"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (segment, destination) DO NOTHING");
          insert.setString(1, batch.segment());
          insert.setString(2, batch.destination());
          insert.setLong(3, batch.sequence());
          insert.setString(4, batch.kind().name());
          insert.setInt(5, batch.lastPart() ? 1 : 0);
          insert.setString(6, added);
          insert.setString(7, removed);
          if (insert.executeUpdate() == 0) {
            throw new IllegalStateException(
                "batch "
                    + pendingKey(c, batch.segment(), batch.destination())
                    + " is not acknowledged yet; cannot save "
                    + batch.idempotencyKey());
          }
          deleteChanges(c, consumed);
          row.save(c);
          return null;
        });
  }

  @Override
  public Optional<SyncBatch> findUnacknowledgedBatch(String segment, String destination) {
    return database.readSql(
        "read the unacknowledged sync batch of " + pair(segment, destination),
        c -> {
          PreparedStatement find =
              c.prepare(
                  "SELECT sequence, kind, last_part, added, removed FROM sync_batches"
                      + " WHERE segment = ? AND destination = ?");
          find.setString(1, segment);
          find.setString(2, destination);
          try (SqlConnection.Rows rows = c.query(find)) {
            if (!rows.next()) {
              return Optional.empty();
            }
            ResultSet row = rows.results();
            SyncBatch.Kind kind;
            try {
              kind = SyncBatch.Kind.valueOf(row.getString(2));
            } catch (IllegalArgumentException e) {
              throw corrupt("sync_batches.kind", e);
            }
            return Optional.of(
                new SyncBatch(
                    segment,
                    destination,
                    row.getLong(1),
                    kind,
                    row.getInt(3) != 0,
                    JsonColumns.syncMembers("sync_batches.added", row.getString(4)),
                    JsonColumns.syncMembers("sync_batches.removed", row.getString(5))));
          }
        });
  }

  @Override
  public void acknowledge(SyncBatch batch, SyncState state) {
    Objects.requireNonNull(batch, "batch");
    samePair(batch, state);
    StateRow row = StateRow.of(state);
    List<String> addedIdentifiers = new ArrayList<>(batch.added().size());
    for (SyncMember member : batch.added()) {
      addedIdentifiers.add(JsonColumns.syncIdentifiers(member.identifiers()));
    }
    database.writeSql(
        "acknowledge sync batch " + batch.idempotencyKey(),
        c -> {
          PreparedStatement delete =
              c.prepare(
                  "DELETE FROM sync_batches WHERE segment = ? AND destination = ?"
                      + " AND sequence = ?");
          delete.setString(1, batch.segment());
          delete.setString(2, batch.destination());
          delete.setLong(3, batch.sequence());
          if (delete.executeUpdate() == 0) {
            String pending = pendingKey(c, batch.segment(), batch.destination());
            throw new IllegalStateException(
                batch.idempotencyKey()
                    + " is not the unacknowledged batch"
                    + (pending == null ? " (there is none)" : " (" + pending + " is)"));
          }
          PreparedStatement forget =
              c.prepare(
                  "DELETE FROM sync_members WHERE segment = ? AND destination = ?"
                      + " AND profile_id = ?");
          for (SyncMember member : batch.removed()) {
            forget.setString(1, batch.segment());
            forget.setString(2, batch.destination());
            forget.setString(3, member.profileId());
            forget.executeUpdate();
          }
          PreparedStatement hold =
              c.prepare(
                  "INSERT INTO sync_members (segment, destination, profile_id, identifiers)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (segment, destination, profile_id)"
                      + " DO UPDATE SET identifiers = excluded.identifiers");
          for (int i = 0; i < batch.added().size(); i++) {
            hold.setString(1, batch.segment());
            hold.setString(2, batch.destination());
            hold.setString(3, batch.added().get(i).profileId());
            hold.setString(4, addedIdentifiers.get(i));
            hold.executeUpdate();
          }
          row.save(c);
          return null;
        });
  }

  @Override
  public Optional<SyncMember> findSyncedMember(
      String segment, String destination, String profileId) {
    return database.readSql(
        "read synced member " + profileId + " of " + pair(segment, destination),
        c -> {
          PreparedStatement find =
              c.prepare(
                  "SELECT identifiers FROM sync_members"
                      + " WHERE segment = ? AND destination = ? AND profile_id = ?");
          find.setString(1, segment);
          find.setString(2, destination);
          find.setString(3, profileId);
          try (SqlConnection.Rows rows = c.query(find)) {
            return rows.next()
                ? Optional.of(
                    new SyncMember(
                        profileId,
                        JsonColumns.syncIdentifiers("sync_members.identifiers", rows.results().getString(1))))
                : Optional.empty();
          }
        });
  }

  @Override
  public long countSyncedMembers(String segment, String destination) {
    return database.readSql(
        "count synced members of " + pair(segment, destination),
        c -> {
          PreparedStatement count =
              c.prepare(
                  "SELECT count(*) FROM sync_members WHERE segment = ? AND destination = ?");
          count.setString(1, segment);
          count.setString(2, destination);
          return single(c, count);
        });
  }

  @Override
  public List<String> syncedMemberIds(
      String segment, String destination, @Nullable String afterProfileId, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return database.readSql(
        "list synced members of " + pair(segment, destination),
        c -> {
          PreparedStatement list;
          if (afterProfileId == null) {
            list =
                c.prepare(
                    "SELECT profile_id FROM sync_members WHERE segment = ? AND destination = ?"
                        + " ORDER BY profile_id LIMIT ?");
            list.setInt(3, limit);
          } else {
            list =
                c.prepare(
                    "SELECT profile_id FROM sync_members WHERE segment = ? AND destination = ?"
                        + " AND profile_id > ? ORDER BY profile_id LIMIT ?");
            list.setString(3, afterProfileId);
            list.setInt(4, limit);
          }
          list.setString(1, segment);
          list.setString(2, destination);
          List<String> ids = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(list)) {
            while (rows.next()) {
              ids.add(rows.results().getString(1));
            }
          }
          return ids;
        });
  }

  private static String pair(String segment, String destination) {
    return "segment " + segment + " to " + destination;
  }

  private static void samePair(SyncBatch batch, SyncState state) {
    Objects.requireNonNull(state, "state");
    if (!batch.segment().equals(state.segment())
        || !batch.destination().equals(state.destination())) {
      throw new IllegalArgumentException(
          "the state of "
              + pair(state.segment(), state.destination())
              + " does not belong to batch "
              + batch.idempotencyKey());
    }
  }

  private static @Nullable String pendingKey(SqlConnection c, String segment, String destination)
      throws SQLException {
    PreparedStatement find =
        c.prepare("SELECT sequence FROM sync_batches WHERE segment = ? AND destination = ?");
    find.setString(1, segment);
    find.setString(2, destination);
    try (SqlConnection.Rows rows = c.query(find)) {
      return rows.next() ? segment + "/" + destination + "/" + rows.results().getLong(1) : null;
    }
  }

  private static long single(SqlConnection c, PreparedStatement query) throws SQLException {
    try (SqlConnection.Rows rows = c.query(query)) {
      return rows.next() ? rows.results().getLong(1) : 0;
    }
  }

  private static SyncState state(ResultSet row) throws SQLException {
    SyncState.Status status;
    try {
      status = SyncState.Status.valueOf(row.getString(3));
    } catch (IllegalArgumentException e) {
      throw corrupt("sync_states.status", e);
    }
    return new SyncState(
        row.getString(1),
        row.getString(2),
        status,
        row.getString(4),
        row.getInt(5) != 0,
        row.getLong(6),
        row.getLong(7),
        row.getInt(8),
        Instants.ofNanos(row.getLong(9)),
        row.getString(10),
        Instants.ofNanos(row.getLong(11)));
  }

  /** Members as {@code [{"id", "identifiers": {key: value}}]}, in their order. */
  private static SqliteStorageException corrupt(String column, Exception e) {
    return new SqliteStorageException(
        Kind.CORRUPT,
        -1,
        "column " + column + " does not hold what this store writes (" + e.getMessage() + ")",
        e);
  }

  /**
   * A state's column values, converted before the transaction starts so that an instant out of
   * range fails without taking the writer.
   */
  private record StateRow(SyncState state, long nextAttemptAt, long updatedAt) {

    static StateRow of(SyncState state) {
      Objects.requireNonNull(state, "state");
      return new StateRow(
          state,
          Instants.toNanos("nextAttemptAt", state.nextAttemptAt()),
          Instants.toNanos("updatedAt", state.updatedAt()));
    }

    void save(SqlConnection c) throws SQLException {
      PreparedStatement save = c.prepare(SAVE_STATE);
      save.setString(1, state.segment());
      save.setString(2, state.destination());
      save.setString(3, state.status().name());
      if (state.snapshotCursor() == null) {
        save.setNull(4, Types.VARCHAR);
      } else {
        save.setString(4, state.snapshotCursor());
      }
      save.setInt(5, state.snapshotComplete() ? 1 : 0);
      save.setLong(6, state.lastSequence());
      save.setLong(7, state.acknowledgedSequence());
      save.setInt(8, state.attempts());
      save.setLong(9, nextAttemptAt);
      if (state.failure() == null) {
        save.setNull(10, Types.VARCHAR);
      } else {
        save.setString(10, state.failure());
      }
      save.setLong(11, updatedAt);
      save.executeUpdate();
    }
  }
}
