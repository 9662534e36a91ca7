package io.cdpkit.storage.jdbc.workflows;

import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.RowClaims;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.workflows.Enrollment;
import io.cdpkit.workflows.EnrollmentState;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.SendRecord;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Tables from SQLite's migrations V006, V008 and V010, PostgreSQL's V004 and V006: an enrollment is one row whose
 * history is a JSON array (JsonColumns.history), rewritten whole because the engine always stores
 * a whole new copy; a send record is keyed by the wire form of its idempotency key.
 *
 * Claims. due() and pendingSignals() hand rows to one engine at a time through the store's
 * RowClaims: on SQLite the single writer runs one engine's work at a time, so they are plain
 * reads; on PostgreSQL several instances may run engines on one database, and each claims what it
 * returns for a lease (see LeaseClaims there). A claim ends when its holder writes the enrollment
 * back with update() in a state other than ACTIVE: in the middle of an advance the engine stores
 * the ACTIVE enrollment just before it records a send intent, and releasing the claim there would
 * let another instance take the enrollment and send that intent again, so that write renews the
 * claim instead. A signal's claim ends with the signal: completeSignal deletes it first and stores
 * its enrollments only if it was still there, since if another instance took over an expired claim
 * and completed the signal, its enrollments exist already.
 */

/**
 * The workflows module's {@link EnrollmentStore} on a store's database. Each method is one
 * transaction of its own, or part of the write running on the calling thread. Thread-safe; {@link
 * #due} and {@link #pendingSignals} claim what they return (see the claims note in the source).
 */
public final class JdbcEnrollmentStore implements EnrollmentStore {
  private static final String ENROLLMENT_COLUMNS =
      "id, workflow, version, profile_id, state, step_id, due_at, entered_at, step_started_at,"
          + " attempt, trigger_event_id, converted, reason, ended_at, history";
  private static final String SEND_COLUMNS =
      "enrollment_id, step_id, attempt, workflow, profile_id, channel, status, detail, intent_at,"
          + " outcome_at";
  private final JdbcDatabase database;
  private final RowClaims claims;

  public JdbcEnrollmentStore(JdbcDatabase database, RowClaims claims) {
    this.database = database;
    this.claims = claims;
  }

  /** The placeholder of a JSON text parameter. */
  private String json() {
    return database.dialect().typed("json");
  }

  /** The placeholder of a parameter that may be a NULL bigint. */
  private String nullableLong() {
    return database.dialect().typed("bigint");
  }

  @Override
  public void saveWorkflow(StoredWorkflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    long savedAt = Instants.toNanos("savedAt", workflow.savedAt());
    String doing = "save workflow " + workflow.name() + " version " + workflow.version();
    database.writeSql(
        s -> {
          int inserted =
              s.update(
                  doing,
                  "INSERT INTO workflow_versions (name, version, json, saved_at)"
                      + " VALUES (?, ?, " + json() + ", ?) ON CONFLICT DO NOTHING",
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
    return database.readSql(
        s ->
            s.first(
                "read workflow " + name + " version " + version,
                "SELECT name, version, json, saved_at FROM workflow_versions"
                    + " WHERE name = ? AND version = ?",
                JdbcEnrollmentStore::storedWorkflow,
                name, version));
  }

  @Override
  public List<StoredWorkflow> versions(String name) {
    return database.readSql(
        s ->
            s.list(
                "list versions of workflow " + name,
                "SELECT name, version, json, saved_at FROM workflow_versions WHERE name = ?"
                    + " ORDER BY version",
                JdbcEnrollmentStore::storedWorkflow,
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
    database.writeSql(
        s ->
            s.update(
                "put the status of workflow " + status.name(),
                "INSERT INTO workflow_statuses (name, current_version, enabled, enabled_since)"
                    + " VALUES (?, ?, ?, " + nullableLong() + ")"
                    + " ON CONFLICT (name) DO UPDATE SET"
                    + " current_version = excluded.current_version,"
                    + " enabled = excluded.enabled, enabled_since = excluded.enabled_since",
                status.name(), status.currentVersion(), status.enabled(), since));
  }

  @Override
  public Optional<WorkflowStatus> findStatus(String name) {
    return database.readSql(
        s ->
            s.first(
                "read the status of workflow " + name,
                "SELECT name, current_version, enabled, enabled_since FROM workflow_statuses"
                    + " WHERE name = ?",
                JdbcEnrollmentStore::status,
                name));
  }

  @Override
  public List<WorkflowStatus> statuses() {
    return database.readSql(
        s ->
            s.list(
                "list workflow statuses",
                "SELECT name, current_version, enabled, enabled_since FROM workflow_statuses"
                    + " ORDER BY name",
                JdbcEnrollmentStore::status));
  }

  private static WorkflowStatus status(ResultSet row) throws SQLException {
    return new WorkflowStatus(
        row.getString(1), row.getInt(2), row.getBoolean(3), nullableInstant(row, 4));
  }

  @Override
  public void deleteWorkflow(String name) {
    Objects.requireNonNull(name, "name");
    database.writeSql(
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
    database.writeSql(
        s -> {
          insert(s, List.of(row), "insert enrollment " + enrollment.id());
          return null;
        });
  }

  /** Inserts the rows in one batch; fails, naming the first, if any id exists. */
  private void insert(Sql s, List<EnrollmentRow> rows, String doing) {
    if (rows.isEmpty()) {
      return;
    }
    s.checkWritable();
    s.run(
        doing,
        c -> {
          PreparedStatement insert =
              c.prepare(
                  "INSERT INTO enrollments (workflow, version, profile_id, state, step_id, due_at,"
                      + " entered_at, step_started_at, attempt, trigger_event_id, converted,"
                      + " reason, ended_at, history, id)"
                      + " VALUES (?, ?, ?, ?, ?, " + nullableLong() + ", ?, ?, ?, ?, ?, ?, "
                      + nullableLong() + ", " + json() + ", ?) ON CONFLICT (id) DO NOTHING");
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
          return null;
        });
  }

  @Override
  public void update(Enrollment enrollment) {
    Objects.requireNonNull(enrollment, "enrollment");
    EnrollmentRow row = EnrollmentRow.of(enrollment);
    // An ACTIVE enrollment is mid-advance: its holder's claim is renewed, not released.
    boolean keep = enrollment.state() == EnrollmentState.ACTIVE;
    List<Object> more = new ArrayList<>(List.of(claims.onUpdateParameters(keep)));
    more.add(enrollment.id());
    database.writeSql(
        s -> {
          int updated =
              s.update(
                  "update enrollment " + enrollment.id(),
                  "UPDATE enrollments SET workflow = ?, version = ?, profile_id = ?, state = ?,"
                      + " step_id = ?, due_at = " + nullableLong() + ", entered_at = ?,"
                      + " step_started_at = ?, attempt = ?, trigger_event_id = ?, converted = ?,"
                      + " reason = ?, ended_at = " + nullableLong() + ", history = " + json()
                      + claims.onUpdate(keep)
                      + " WHERE id = ?",
                  row.values(more.toArray()));
          if (updated == 0) {
            throw new IllegalStateException("enrollment " + enrollment.id() + " is unknown");
          }
          return null;
        });
  }

  @Override
  public Optional<Enrollment> find(String enrollmentId) {
    return database.readSql(
        s ->
            s.first(
                "read enrollment " + enrollmentId,
                "SELECT " + ENROLLMENT_COLUMNS + " FROM enrollments WHERE id = ?",
                JdbcEnrollmentStore::enrollment,
                enrollmentId));
  }

  /** Claims what it returns; see the claims note in the source. */
  @Override
  public List<Enrollment> due(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    long bound = Instants.toNanosClamped(now);
    return claims.claim(
        database,
        "claim due enrollments",
        "enrollments",
        "enrollments_due",
        ENROLLMENT_COLUMNS,
        "state IN ('ACTIVE', 'WAITING') AND due_at IS NOT NULL AND due_at <= ?",
        "due_at, id",
        limit,
        JdbcEnrollmentStore::enrollment,
        bound);
  }

  @Override
  public List<Enrollment> ofProfile(String profileId) {
    return database.readSql(
        s ->
            s.list(
                "list enrollments of profile " + profileId,
                "SELECT " + ENROLLMENT_COLUMNS
                    + " FROM enrollments WHERE profile_id = ? ORDER BY entered_at, id",
                JdbcEnrollmentStore::enrollment,
                profileId));
  }

  @Override
  public List<Enrollment> ofWorkflow(String workflow) {
    return database.readSql(
        s ->
            s.list(
                "list enrollments of workflow " + workflow,
                "SELECT " + ENROLLMENT_COLUMNS
                    + " FROM enrollments WHERE workflow = ? ORDER BY entered_at, id",
                JdbcEnrollmentStore::enrollment,
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
        database.readSql(
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
    return database.readSql(
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
    database.writeSql(
        s -> {
          int inserted =
              s.update(
                  "record send " + key,
                  "INSERT INTO workflow_sends (send_key, " + SEND_COLUMNS + ")"
                      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + nullableLong() + ")"
                      + " ON CONFLICT DO NOTHING",
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
    database.writeSql(
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
    return database.readSql(
        s ->
            s.first(
                "read send " + key,
                "SELECT " + SEND_COLUMNS + " FROM workflow_sends WHERE send_key = ?",
                JdbcEnrollmentStore::send,
                key.toString()));
  }

  @Override
  public List<SendRecord> sendsOf(String enrollmentId) {
    return database.readSql(
        s ->
            s.list(
                "list sends of enrollment " + enrollmentId,
                "SELECT " + SEND_COLUMNS + " FROM workflow_sends WHERE enrollment_id = ?"
                    + " ORDER BY intent_at, send_key",
                JdbcEnrollmentStore::send,
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
    return database.readSql(
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
    return database.writeSql(
        s -> {
          s.update(doing, "DELETE FROM workflow_sends WHERE profile_id = ?", profileId);
          return s.update(doing, "DELETE FROM enrollments WHERE profile_id = ?", profileId);
        });
  }

  @Override
  public long appendSignal(StoredSignal.Kind kind, String payload) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    return database.writeSql(
        s ->
            s.number(
                "append a workflow signal",
                "INSERT INTO workflow_signals (kind, payload)"
                    + " VALUES (?, " + json() + ") RETURNING id",
                kind.name(), payload));
  }

  @Override
  public void appendSignals(StoredSignal.Kind kind, List<String> payloads) {
    Objects.requireNonNull(kind, "kind");
    List<@Nullable Object[]> rows = new ArrayList<>(payloads.size());
    for (String payload : payloads) {
      rows.add(new Object[] {kind.name(), Objects.requireNonNull(payload, "payload")});
    }
    if (rows.isEmpty()) {
      return;
    }
    database.writeSql(
        s -> s.batch(
            "append " + rows.size() + " workflow signals",
            "INSERT INTO workflow_signals (kind, payload) VALUES (?, " + json() + ")",
            rows));
  }

  /** Claims what it returns; see the claims note in the source. */
  @Override
  public List<StoredSignal> pendingSignals(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return claims.claim(
        database,
        "claim pending workflow signals",
        "workflow_signals",
        null,
        "id, kind, payload",
        null,
        "id",
        limit,
        row ->
            new StoredSignal(
                row.getLong(1), StoredSignal.Kind.valueOf(row.getString(2)), row.getString(3)));
  }

  @Override
  public void completeSignal(long signalId, Collection<Enrollment> created) {
    List<EnrollmentRow> rows = created.stream().map(EnrollmentRow::of).toList();
    String doing = "complete workflow signal " + signalId;
    database.writeSql(
        s -> {
          // Gone: another instance completed it (see the claims note), so its enrollments exist.
          if (s.update(doing, "DELETE FROM workflow_signals WHERE id = ?", signalId) > 0) {
            insert(s, rows, doing);
          }
          return null;
        });
  }

  /** The database's events trigger appends them (SQLite's V010, PostgreSQL's V006). */
  @Override
  public boolean signalsStoredEvents() {
    return true;
  }

  /** The database's identity log trigger appends them (SQLite's V012, PostgreSQL's V008). */
  @Override
  public boolean signalsMerges() {
    return true;
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
