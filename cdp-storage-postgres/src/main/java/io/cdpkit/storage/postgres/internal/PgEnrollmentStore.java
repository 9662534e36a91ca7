package io.cdpkit.storage.postgres.internal;

import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.workflows.Enrollment;
import io.cdpkit.workflows.EnrollmentState;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.SendRecord;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/*
 * Tables from migration V004, as SQLite's V006 and V008: an enrollment is one row whose history is
 * a JSON array (JsonColumns.history), rewritten whole because the engine always stores a whole new
 * copy; a send record is keyed by the wire form of its idempotency key.
 *
 * Claims. Several application instances may run WorkflowEngine.runDue on one database, each with
 * its own store instance, and no two may advance the same enrollment or handle the same signal.
 * So due() and pendingSignals() claim what they return: one UPDATE takes the rows that are free
 * (unclaimed, or their lease ended) or already claimed by this store instance, picked in order
 * FOR UPDATE SKIP LOCKED so that an instance never waits for another's claim in progress, and
 * marks them claimed by this instance (a random owner id) until the database's clock plus
 * claimLease. Due-ness is judged by the caller's `now`, as the engine's clock decides when a timer
 * fires; leases are judged by the database's clock_timestamp(), so instances whose clocks disagree
 * still agree on when a lease ends. Rows this instance claims stay visible to it: the engine calls
 * due() repeatedly within one runDue and skips the ones it has seen.
 *
 * A claim ends when its holder writes the enrollment back with update() in a state other than
 * ACTIVE: the engine's last write of an advance is never ACTIVE, but in the middle of an advance
 * it stores the ACTIVE enrollment just before it records a send intent, and releasing the claim
 * there would let another instance take the enrollment and send that intent again. That write
 * renews the holder's lease instead, so the lease needs to outlast one step (a sender call), not a
 * whole advance. A signal's claim ends with the signal (completeSignal deletes it). An update by
 * another instance leaves the claim alone, and a holder that dies loses its claims when their lease
 * ends.
 *
 * completeSignal deletes the signal first and stores its enrollments only if the signal was still
 * there: if this instance's lease ran out and another instance took and completed the signal, its
 * enrollments are stored already and storing these too would enroll twice.
 */

/**
 * The workflows module's {@link EnrollmentStore} on PostgreSQL. Each method is one transaction of
 * its own, or part of the write running on the calling thread. Thread-safe. Several instances,
 * each in its own process or with its own {@code PostgresStorage}, may run workflow engines on one
 * database: {@link #due} and {@link #pendingSignals} claim what they return for this instance (see
 * the claims note in the source).
 */
public final class PgEnrollmentStore implements EnrollmentStore {
  private static final String ENROLLMENT_COLUMNS =
      "id, workflow, version, profile_id, state, step_id, due_at, entered_at, step_started_at,"
          + " attempt, trigger_event_id, converted, reason, ended_at, history";
  private static final String SEND_COLUMNS =
      "enrollment_id, step_id, attempt, workflow, profile_id, channel, status, detail, intent_at,"
          + " outcome_at";
  /** Rows this instance may claim; binds the owner id. */
  private static final String CLAIMABLE =
      "(claimed_by IS NULL OR claimed_by = ?::uuid OR claimed_until < clock_timestamp())";
  /** Marks a row claimed; binds the owner id and the lease in microseconds. */
  private static final String CLAIM =
      "claimed_by = ?::uuid, claimed_until = clock_timestamp() + ? * interval '1 microsecond'";
  /** A lease longer than this is as good as forever, and keeps the timestamp in range. */
  private static final Duration LONGEST_LEASE = ChronoUnit.CENTURIES.getDuration();

  private final PgDatabase database;
  private final String owner = UUID.randomUUID().toString();
  private final long leaseMicros;

  PgEnrollmentStore(PgDatabase database, Duration claimLease) {
    this.database = database;
    Duration lease = claimLease.compareTo(LONGEST_LEASE) > 0 ? LONGEST_LEASE : claimLease;
    this.leaseMicros = Math.max(1, TimeUnit.MICROSECONDS.convert(lease));
  }

  @Override
  public void saveWorkflow(StoredWorkflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    long savedAt = Instants.toNanos("savedAt", workflow.savedAt());
    String doing = "save workflow " + workflow.name() + " version " + workflow.version();
    database.inWrite(
        s -> {
          int inserted =
              s.update(
                  doing,
                  "INSERT INTO workflow_versions (name, version, json, saved_at)"
                      + " VALUES (?, ?, ?::json, ?) ON CONFLICT DO NOTHING",
                  workflow.name(), workflow.version(), workflow.json(), savedAt);
          if (inserted == 0) {
            throw new IllegalStateException(
                "workflow " + workflow.name() + " version " + workflow.version() + " exists");
          }
          return null;
        });
  }

  @Override
  public Optional<StoredWorkflow> findWorkflow(String name, int version) {
    return database.inRead(
        s ->
            s.first(
                "read workflow " + name + " version " + version,
                "SELECT name, version, json, saved_at FROM workflow_versions"
                    + " WHERE name = ? AND version = ?",
                PgEnrollmentStore::storedWorkflow,
                name, version));
  }

  @Override
  public List<StoredWorkflow> versions(String name) {
    return database.inRead(
        s ->
            s.list(
                "list versions of workflow " + name,
                "SELECT name, version, json, saved_at FROM workflow_versions WHERE name = ?"
                    + " ORDER BY version",
                PgEnrollmentStore::storedWorkflow,
                name));
  }

  private static StoredWorkflow storedWorkflow(ResultSet row) throws SQLException {
    return new StoredWorkflow(
        row.getString(1), row.getInt(2), row.getString(3), Instants.ofNanos(row.getLong(4)));
  }

  @Override
  public void putStatus(WorkflowStatus status) {
    Objects.requireNonNull(status, "status");
    Long since =
        status.enabledSince() == null
            ? null
            : Instants.toNanos("enabledSince", status.enabledSince());
    database.inWrite(
        s ->
            s.update(
                "put the status of workflow " + status.name(),
                "INSERT INTO workflow_statuses (name, current_version, enabled, enabled_since)"
                    + " VALUES (?, ?, ?, ?::bigint) ON CONFLICT (name) DO UPDATE SET"
                    + " current_version = excluded.current_version,"
                    + " enabled = excluded.enabled, enabled_since = excluded.enabled_since",
                status.name(), status.currentVersion(), status.enabled(), since));
  }

  @Override
  public Optional<WorkflowStatus> findStatus(String name) {
    return database.inRead(
        s ->
            s.first(
                "read the status of workflow " + name,
                "SELECT name, current_version, enabled, enabled_since FROM workflow_statuses"
                    + " WHERE name = ?",
                PgEnrollmentStore::status,
                name));
  }

  @Override
  public List<WorkflowStatus> statuses() {
    return database.inRead(
        s ->
            s.list(
                "list workflow statuses",
                "SELECT name, current_version, enabled, enabled_since FROM workflow_statuses"
                    + " ORDER BY name",
                PgEnrollmentStore::status));
  }

  private static WorkflowStatus status(ResultSet row) throws SQLException {
    return new WorkflowStatus(
        row.getString(1), row.getInt(2), row.getBoolean(3), nullableInstant(row, 4));
  }

  @Override
  public void deleteWorkflow(String name) {
    Objects.requireNonNull(name, "name");
    database.inWrite(
        s -> {
          for (String table : List.of("workflow_versions", "workflow_statuses")) {
            s.update("delete workflow " + name, "DELETE FROM " + table + " WHERE name = ?", name);
          }
          s.update("delete workflow " + name, "DELETE FROM enrollments WHERE workflow = ?", name);
          return null;
        });
  }

  @Override
  public void insert(Enrollment enrollment) {
    Objects.requireNonNull(enrollment, "enrollment");
    EnrollmentRow row = EnrollmentRow.of(enrollment);
    database.inWrite(
        s -> {
          insert(s, List.of(row), "insert enrollment " + enrollment.id());
          return null;
        });
  }

  /** Inserts the rows in one batch; fails, naming the first, if any id exists. */
  private static void insert(PgSession s, List<EnrollmentRow> rows, String doing) {
    if (rows.isEmpty()) {
      return;
    }
    s.checkWritable();
    s.sql(
        doing,
        c -> {
          try (PreparedStatement insert =
              c.jdbc().prepareStatement(
                  "INSERT INTO enrollments (workflow, version, profile_id, state, step_id, due_at,"
                      + " entered_at, step_started_at, attempt, trigger_event_id, converted,"
                      + " reason, ended_at, history, id)"
                      + " VALUES (?, ?, ?, ?, ?, ?::bigint, ?, ?, ?, ?, ?, ?, ?::bigint,"
                      + " ?::json, ?)"
                      + " ON CONFLICT (id) DO NOTHING")) {
            for (EnrollmentRow row : rows) {
              Sql.bind(insert, row.values(row.enrollment().id()));
              insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            for (int i = 0; i < counts.length; i++) {
              if (counts[i] == 0) {
                throw new IllegalStateException(
                    "enrollment " + rows.get(i).enrollment().id() + " exists");
              }
            }
          }
          return null;
        });
  }

  @Override
  public void update(Enrollment enrollment) {
    Objects.requireNonNull(enrollment, "enrollment");
    EnrollmentRow row = EnrollmentRow.of(enrollment);
    // An ACTIVE enrollment is mid-advance: its holder's claim is renewed, not released.
    String claim =
        enrollment.state() == EnrollmentState.ACTIVE
            ? "claimed_until = CASE WHEN claimed_by = ?::uuid"
                + " THEN clock_timestamp() + ? * interval '1 microsecond' ELSE claimed_until END"
            : "claimed_until = CASE WHEN claimed_by = ?::uuid THEN NULL ELSE claimed_until END,"
                + " claimed_by = NULLIF(claimed_by, ?::uuid)";
    @Nullable Object[] parameters =
        enrollment.state() == EnrollmentState.ACTIVE
            ? row.values(owner, leaseMicros, enrollment.id())
            : row.values(owner, owner, enrollment.id());
    database.inWrite(
        s -> {
          int updated =
              s.update(
                  "update enrollment " + enrollment.id(),
                  "UPDATE enrollments SET workflow = ?, version = ?, profile_id = ?, state = ?,"
                      + " step_id = ?, due_at = ?::bigint, entered_at = ?, step_started_at = ?,"
                      + " attempt = ?, trigger_event_id = ?, converted = ?, reason = ?,"
                      + " ended_at = ?::bigint, history = ?::json, "
                      + claim
                      + " WHERE id = ?",
                  parameters);
          if (updated == 0) {
            throw new IllegalStateException("enrollment " + enrollment.id() + " is unknown");
          }
          return null;
        });
  }

  @Override
  public Optional<Enrollment> find(String enrollmentId) {
    return database.inRead(
        s ->
            s.first(
                "read enrollment " + enrollmentId,
                "SELECT " + ENROLLMENT_COLUMNS + " FROM enrollments WHERE id = ?",
                PgEnrollmentStore::enrollment,
                enrollmentId));
  }

  /** Claims what it returns for this instance; see the claims note in the source. */
  @Override
  public List<Enrollment> due(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    long bound = Instants.toNanosClamped(now);
    // The inner WHERE repeats the partial index's, which lets PostgreSQL use it.
    return claim(
        "claim due enrollments",
        "WITH claimed AS (UPDATE enrollments SET " + CLAIM
            + " WHERE id IN (SELECT id FROM enrollments"
            + " WHERE state IN ('ACTIVE', 'WAITING') AND due_at IS NOT NULL"
            + " AND due_at <= ? AND " + CLAIMABLE
            + " ORDER BY due_at, id LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + ENROLLMENT_COLUMNS + ")"
            + " SELECT " + ENROLLMENT_COLUMNS + " FROM claimed ORDER BY due_at, id",
        PgEnrollmentStore::enrollment,
        owner, leaseMicros, bound, owner, limit);
  }

  /**
   * Runs one claiming statement at READ COMMITTED (see the claims note): under SERIALIZABLE, two
   * instances claiming at once conflict on the index range both read, and one is rolled back and
   * retried most of the time, which is what SKIP LOCKED is there to avoid. The statement is safe at
   * READ COMMITTED: its row locks keep two claims apart, and a row changed since the statement
   * began is checked again in its newest version. A claim joining a write that has run statements
   * keeps that write's level; one that opens a write lowers the level of what the write does after
   * it, so claim first only in a write that needs no more (the engine never claims inside one).
   */
  private <T> List<T> claim(
      String doing, String sql, Sql.RowMapper<T> mapper, Object... parameters) {
    return database.inWrite(
        s -> {
          s.sql(
              doing,
              c -> {
                try {
                  c.jdbc().setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                } catch (SQLException e) {
                  // 25001: the write under way has run statements, so its level can't change.
                  if (!"25001".equals(e.getSQLState())) {
                    throw e;
                  }
                }
                return null;
              });
          return s.list(doing, sql, mapper, parameters);
        });
  }

  @Override
  public List<Enrollment> ofProfile(String profileId) {
    return database.inRead(
        s ->
            s.list(
                "list enrollments of profile " + profileId,
                "SELECT " + ENROLLMENT_COLUMNS
                    + " FROM enrollments WHERE profile_id = ? ORDER BY entered_at, id",
                PgEnrollmentStore::enrollment,
                profileId));
  }

  @Override
  public List<Enrollment> ofWorkflow(String workflow) {
    return database.inRead(
        s ->
            s.list(
                "list enrollments of workflow " + workflow,
                "SELECT " + ENROLLMENT_COLUMNS
                    + " FROM enrollments WHERE workflow = ? ORDER BY entered_at, id",
                PgEnrollmentStore::enrollment,
                workflow));
  }

  private static Enrollment enrollment(ResultSet row) throws SQLException {
    return new Enrollment(
        row.getString(1),
        row.getString(2),
        row.getInt(3),
        row.getString(4),
        EnrollmentState.valueOf(row.getString(5)),
        row.getString(6),
        nullableInstant(row, 7),
        Instants.ofNanos(row.getLong(8)),
        Instants.ofNanos(row.getLong(9)),
        row.getInt(10),
        row.getString(11),
        row.getBoolean(12),
        row.getString(13),
        nullableInstant(row, 14),
        JsonColumns.history("enrollments.history", row.getString(15)));
  }

  @Override
  public Map<EnrollmentState, Long> countByState(String workflow) {
    List<Map.Entry<EnrollmentState, Long>> rows =
        database.inRead(
            s ->
                s.list(
                    "count enrollments of workflow " + workflow + " by state",
                    "SELECT state, count(*) FROM enrollments WHERE workflow = ? GROUP BY state",
                    row -> Map.entry(EnrollmentState.valueOf(row.getString(1)), row.getLong(2)),
                    workflow));
    Map<EnrollmentState, Long> counts = new EnumMap<>(EnrollmentState.class);
    rows.forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
    return counts;
  }

  @Override
  public long countConverted(String workflow) {
    return database.inRead(
        s ->
            s.number(
                "count converted enrollments of workflow " + workflow,
                "SELECT count(*) FROM enrollments WHERE workflow = ? AND converted",
                workflow));
  }

  @Override
  public void recordSend(SendRecord record) {
    Objects.requireNonNull(record, "record");
    long intentAt = Instants.toNanos("intentAt", record.intentAt());
    Long outcomeAt =
        record.outcomeAt() == null ? null : Instants.toNanos("outcomeAt", record.outcomeAt());
    IdempotencyKey key = record.key();
    database.inWrite(
        s -> {
          int inserted =
              s.update(
                  "record send " + key,
                  "INSERT INTO workflow_sends (send_key, " + SEND_COLUMNS + ")"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::bigint) ON CONFLICT DO NOTHING",
                  key.toString(), key.enrollmentId(), key.stepId(), key.attempt(),
                  record.workflow(), record.profileId(), record.channel(),
                  record.status().name(), record.detail(), intentAt, outcomeAt);
          if (inserted == 0) {
            throw new IllegalStateException("a send with key " + key + " is recorded");
          }
          return null;
        });
  }

  @Override
  public void recordOutcome(
      IdempotencyKey key, SendRecord.Status status, String detail, Instant at) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    long outcomeAt = Instants.toNanos("at", at);
    database.inWrite(
        s -> {
          int updated =
              s.update(
                  "record the outcome of send " + key,
                  "UPDATE workflow_sends SET status = ?, detail = ?, outcome_at = ?"
                      + " WHERE send_key = ?",
                  status.name(), detail, outcomeAt, key.toString());
          if (updated == 0) {
            throw new IllegalStateException("no send recorded with key " + key);
          }
          return null;
        });
  }

  @Override
  public Optional<SendRecord> findSend(IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    return database.inRead(
        s ->
            s.first(
                "read send " + key,
                "SELECT " + SEND_COLUMNS + " FROM workflow_sends WHERE send_key = ?",
                PgEnrollmentStore::send,
                key.toString()));
  }

  @Override
  public List<SendRecord> sendsOf(String enrollmentId) {
    return database.inRead(
        s ->
            s.list(
                "list sends of enrollment " + enrollmentId,
                "SELECT " + SEND_COLUMNS + " FROM workflow_sends WHERE enrollment_id = ?"
                    + " ORDER BY intent_at, send_key",
                PgEnrollmentStore::send,
                enrollmentId));
  }

  private static SendRecord send(ResultSet row) throws SQLException {
    return new SendRecord(
        IdempotencyKey.of(row.getString(1), row.getString(2), row.getInt(3)),
        row.getString(4),
        row.getString(5),
        row.getString(6),
        SendRecord.Status.valueOf(row.getString(7)),
        row.getString(8),
        Instants.ofNanos(row.getLong(9)),
        nullableInstant(row, 10));
  }

  @Override
  public long countDelivered(String profileId, String channel, Instant since) {
    Objects.requireNonNull(since, "since");
    long bound = Instants.toNanosClamped(since);
    return database.inRead(
        s ->
            s.number(
                "count delivered sends of profile " + profileId + " on " + channel,
                "SELECT count(*) FROM workflow_sends WHERE profile_id = ? AND channel = ?"
                    + " AND intent_at >= ? AND status = 'DELIVERED'",
                profileId, channel, bound));
  }

  @Override
  public int forgetProfile(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    String doing = "forget the workflow data of profile " + profileId;
    return database.inWrite(
        s -> {
          s.update(doing, "DELETE FROM workflow_sends WHERE profile_id = ?", profileId);
          return s.update(doing, "DELETE FROM enrollments WHERE profile_id = ?", profileId);
        });
  }

  @Override
  public long appendSignal(StoredSignal.Kind kind, String payload) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    return database.inWrite(
        s ->
            s.number(
                "append a workflow signal",
                "INSERT INTO workflow_signals (kind, payload) VALUES (?, ?::json) RETURNING id",
                kind.name(), payload));
  }

  /** Claims what it returns for this instance; see the claims note in the source. */
  @Override
  public List<StoredSignal> pendingSignals(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return claim(
        "claim pending workflow signals",
        "WITH claimed AS (UPDATE workflow_signals SET " + CLAIM
            + " WHERE id IN (SELECT id FROM workflow_signals WHERE " + CLAIMABLE
            + " ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)"
            + " RETURNING id, kind, payload)"
            + " SELECT id, kind, payload FROM claimed ORDER BY id",
        row ->
            new StoredSignal(
                row.getLong(1), StoredSignal.Kind.valueOf(row.getString(2)), row.getString(3)),
        owner, leaseMicros, owner, limit);
  }

  @Override
  public void completeSignal(long signalId, Collection<Enrollment> created) {
    List<EnrollmentRow> rows = created.stream().map(EnrollmentRow::of).toList();
    String doing = "complete workflow signal " + signalId;
    database.inWrite(
        s -> {
          // Gone: another instance completed it (see the claims note), so its enrollments exist.
          if (s.update(doing, "DELETE FROM workflow_signals WHERE id = ?", signalId) > 0) {
            insert(s, rows, doing);
          }
          return null;
        });
  }

  private static @Nullable Instant nullableInstant(ResultSet row, int column) throws SQLException {
    long nanos = row.getLong(column);
    return row.wasNull() ? null : Instants.ofNanos(nanos);
  }

  /**
   * An enrollment's column values, converted before the transaction starts so that an instant out
   * of range fails before any SQL runs.
   */
  private record EnrollmentRow(
      Enrollment enrollment,
      @Nullable Long dueAt,
      long enteredAt,
      long stepStartedAt,
      @Nullable Long endedAt,
      String history) {

    static EnrollmentRow of(Enrollment e) {
      return new EnrollmentRow(
          e,
          e.dueAt() == null ? null : Instants.toNanos("dueAt", e.dueAt()),
          Instants.toNanos("enteredAt", e.enteredAt()),
          Instants.toNanos("stepStartedAt", e.stepStartedAt()),
          e.endedAt() == null ? null : Instants.toNanos("endedAt", e.endedAt()),
          JsonColumns.history(e.history()));
    }

    /** Every column but the id, in the order of the insert and update statements, then more. */
    @Nullable Object[] values(Object... more) {
      @Nullable Object[] values = {
        enrollment.workflow(),
        enrollment.version(),
        enrollment.profileId(),
        enrollment.state().name(),
        enrollment.stepId(),
        dueAt,
        enteredAt,
        stepStartedAt,
        enrollment.attempt(),
        enrollment.triggerEventId(),
        enrollment.converted(),
        enrollment.reason(),
        endedAt,
        history
      };
      @Nullable Object[] all = Arrays.copyOf(values, values.length + more.length);
      System.arraycopy(more, 0, all, values.length, more.length);
      return all;
    }
  }
}
