package io.cdpkit.storage.jdbc.workflows;

import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.RowClaims;
import io.cdpkit.storage.jdbc.RowClaims.Claimable;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.SendRecord;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/*
 * Tables from SQLite's migrations V006, V008, V010, V012 and V015, PostgreSQL's V004, V006, V008 and V010.
 * Workflow definitions are one row per version, never changed: the version number is the
 * definition's revision, so two engines saving one version at once store one and refuse the other.
 * Send records are keyed by the wire form of their idempotency key.
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
 * and completed the signal, its enrollments exist already. What a claim does not cover (a pause or
 * an abort by another instance while one advances) the enrollment's revision does (see
 * EnrollmentRows): so a write that pauses or ends an enrollment ends its claim, whoever holds it.
 */

/**
 * The workflows module's {@link EnrollmentStore} on a store's database. Each method is one
 * transaction of its own, or part of the write running on the calling thread. Thread-safe; {@link
 * #due} and {@link #pendingSignals} claim what they return (see the claims note in the source).
 */
public final class JdbcEnrollmentStore implements EnrollmentStore {
  private static final Claimable DUE = new Claimable("enrollments", "enrollments_due",
      EnrollmentRows.COLUMNS,
      "state IN ('ACTIVE', 'WAITING') AND due_at IS NOT NULL AND due_at <= ?", "due_at, id");
  private static final Claimable SIGNALS =
      new Claimable("workflow_signals", null, "id, kind, payload", null, "id");
  private static final String VERSION_COLUMNS = "name, version, json, saved_at";
  private static final String STATUS_COLUMNS =
      "name, current_version, enabled, enabled_since FROM workflow_statuses";
  private static final String SEND_COLUMNS =
      "enrollment_id, step_id, attempt, workflow, profile_id, channel, status, detail, intent_at,"
          + " outcome_at";

  private final JdbcDatabase database;
  private final RowClaims claims;

  public JdbcEnrollmentStore(JdbcDatabase database, RowClaims claims) {
    this.database = database;
    this.claims = claims;
  }

  // ---- definitions and statuses

  @Override
  public void saveWorkflow(StoredWorkflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    long savedAt = Instants.toNanos("savedAt", workflow.savedAt());
    String doing = "save workflow " + workflow.name() + " version " + workflow.version();
    int inserted = database.writeSql(s -> s.update(doing,
        "INSERT INTO workflow_versions (" + VERSION_COLUMNS + ") VALUES (?, ?, "
            + s.dialect().typed("json") + ", ?) ON CONFLICT DO NOTHING",
        workflow.name(), workflow.version(), workflow.json(), savedAt));
    if (inserted == 0) {
      throw new IllegalStateException(
          "workflow " + workflow.name() + " version " + workflow.version() + " exists");
    }
  }

  @Override
  public Optional<StoredWorkflow> findWorkflow(String name, int version) {
    return database.readSql(s -> s.first("read workflow " + name + " version " + version,
        "SELECT " + VERSION_COLUMNS + " FROM workflow_versions WHERE name = ? AND version = ?",
        JdbcEnrollmentStore::storedWorkflow, name, version));
  }

  @Override
  public List<StoredWorkflow> versions(String name) {
    return database.readSql(s -> s.list("list versions of workflow " + name,
        "SELECT " + VERSION_COLUMNS + " FROM workflow_versions WHERE name = ? ORDER BY version",
        JdbcEnrollmentStore::storedWorkflow, name));
  }

  private static StoredWorkflow storedWorkflow(ResultSet row) throws SQLException {
    return new StoredWorkflow(
        row.getString(1), row.getInt(2), row.getString(3), Instants.ofNanos(row.getLong(4)));
  }

  @Override
  public void putStatus(WorkflowStatus status) {
    Objects.requireNonNull(status, "status");
    Long since = status.enabledSince() == null
        ? null : Instants.toNanos("enabledSince", status.enabledSince());
    database.writeSql(s -> s.update("put the status of workflow " + status.name(),
        "INSERT INTO workflow_statuses (name, current_version, enabled, enabled_since)"
            + " VALUES (?, ?, ?, " + s.dialect().typed("bigint") + ")"
            + " ON CONFLICT (name) DO UPDATE SET current_version = CASE WHEN"
            + " excluded.current_version > workflow_statuses.current_version"
            + " THEN excluded.current_version ELSE workflow_statuses.current_version END,"
            + " enabled = excluded.enabled, enabled_since = excluded.enabled_since",
        status.name(), status.currentVersion(), status.enabled(), since));
  }

  @Override
  public Optional<WorkflowStatus> findStatus(String name) {
    return database.readSql(s -> s.first("read the status of workflow " + name,
        "SELECT " + STATUS_COLUMNS + " WHERE name = ?", JdbcEnrollmentStore::status, name));
  }

  @Override
  public List<WorkflowStatus> statuses() {
    return database.readSql(s -> s.list("list workflow statuses",
        "SELECT " + STATUS_COLUMNS + " ORDER BY name", JdbcEnrollmentStore::status));
  }

  private static WorkflowStatus status(ResultSet row) throws SQLException {
    return new WorkflowStatus(row.getString(1), row.getInt(2), row.getBoolean(3),
        EnrollmentRows.nullableInstant(row, 4));
  }

  /** Deletes the workflow's versions, status and enrollments. */
  @Override
  public void deleteWorkflow(String name) {
    Objects.requireNonNull(name, "name");
    database.writeSql(s -> {
      for (String table : List.of("workflow_versions", "workflow_statuses")) {
        s.update("delete workflow " + name, "DELETE FROM " + table + " WHERE name = ?", name);
      }
      return s.update("delete workflow " + name, "DELETE FROM enrollments WHERE workflow = ?",
          name);
    });
  }

  // ---- enrollments

  @Override
  public boolean insert(NewEnrollment enrollment) {
    List<EnrollmentRows.Row> row = List.of(EnrollmentRows.Row.of(enrollment));
    return database.writeSql(s -> EnrollmentRows.insert(
        s, row, "insert enrollment " + enrollment.enrollment().id()) == 1);
  }

  @Override
  public Enrollment update(Enrollment enrollment) {
    EnrollmentRows.Row row = EnrollmentRows.Row.of(enrollment);
    return database.writeSql(s -> EnrollmentRows.update(s, row, claims));
  }

  @Override
  public Optional<Enrollment> find(String enrollmentId) {
    return database.readSql(s -> s.first("read enrollment " + enrollmentId,
        "SELECT " + EnrollmentRows.COLUMNS + " FROM enrollments WHERE id = ?",
        EnrollmentRows::enrollment, enrollmentId));
  }

  /** Claims what it returns; see the claims note in the source. */
  @Override
  public List<Enrollment> due(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    return claims.claim(database, "claim due enrollments", DUE, Sql.positive(limit),
        EnrollmentRows::enrollment, Instants.toNanosClamped(now));
  }

  @Override
  public List<Enrollment> ofProfile(String profileId) {
    return list("profile_id", profileId);
  }

  @Override
  public List<Enrollment> ofWorkflow(String workflow) {
    return list("workflow", workflow);
  }

  private List<Enrollment> list(String column, String value) {
    return database.readSql(s -> s.list("list enrollments of " + column + " " + value,
        "SELECT " + EnrollmentRows.COLUMNS + " FROM enrollments WHERE " + column + " = ?"
            + " ORDER BY entered_at, id",
        EnrollmentRows::enrollment, value));
  }

  @Override
  public Map<EnrollmentState, Long> countByState(String workflow) {
    Map<EnrollmentState, Long> counts = new EnumMap<>(EnrollmentState.class);
    database.readSql(s -> s.list("count enrollments of workflow " + workflow + " by state",
            "SELECT state, count(*) FROM enrollments WHERE workflow = ? GROUP BY state",
            row -> Map.entry(EnrollmentState.valueOf(row.getString(1)), row.getLong(2)),
            workflow))
        .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
    return counts;
  }

  @Override
  public long countConverted(String workflow) {
    return database.readSql(s -> s.number("count converted enrollments of workflow " + workflow,
        "SELECT count(*) FROM enrollments WHERE workflow = ? AND converted", workflow));
  }

  @Override
  public int forgetProfile(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    String doing = "forget the workflow data of profile " + profileId;
    return database.writeSql(s -> {
      s.update(doing, "DELETE FROM workflow_sends WHERE profile_id = ?", profileId);
      return s.update(doing, "DELETE FROM enrollments WHERE profile_id = ?", profileId);
    });
  }

  // ---- sends

  @Override
  public void recordSend(SendRecord record) {
    Objects.requireNonNull(record, "record");
    long intentAt = Instants.toNanos("intentAt", record.intentAt());
    Long outcomeAt =
        record.outcomeAt() == null ? null : Instants.toNanos("outcomeAt", record.outcomeAt());
    IdempotencyKey key = record.key();
    int inserted = database.writeSql(s -> s.update("record send " + key,
        "INSERT INTO workflow_sends (send_key, " + SEND_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + s.dialect().typed("bigint") + ")"
            + " ON CONFLICT DO NOTHING",
        key.toString(), key.enrollmentId(), key.stepId(), key.attempt(), record.workflow(),
        record.profileId(), record.channel(), record.status().name(), record.detail(), intentAt,
        outcomeAt));
    if (inserted == 0) {
      throw new IllegalStateException("a send with key " + key + " is recorded");
    }
  }

  @Override
  public void recordOutcome(
      IdempotencyKey key, SendRecord.Status status, String detail, Instant at) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    long outcomeAt = Instants.toNanos("at", at);
    int updated = database.writeSql(s -> s.update("record the outcome of send " + key,
        "UPDATE workflow_sends SET status = ?, detail = ?, outcome_at = ? WHERE send_key = ?",
        status.name(), detail, outcomeAt, key.toString()));
    if (updated == 0) {
      throw new IllegalStateException("no send recorded with key " + key);
    }
  }

  @Override
  public Optional<SendRecord> findSend(IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    return database.readSql(s -> s.first("read send " + key,
        "SELECT " + SEND_COLUMNS + " FROM workflow_sends WHERE send_key = ?",
        JdbcEnrollmentStore::send, key.toString()));
  }

  @Override
  public List<SendRecord> sendsOf(String enrollmentId) {
    return database.readSql(s -> s.list("list sends of enrollment " + enrollmentId,
        "SELECT " + SEND_COLUMNS + " FROM workflow_sends WHERE enrollment_id = ?"
            + " ORDER BY intent_at, send_key",
        JdbcEnrollmentStore::send, enrollmentId));
  }

  private static SendRecord send(ResultSet row) throws SQLException {
    return new SendRecord(
        IdempotencyKey.of(row.getString(1), row.getString(2), row.getInt(3)),
        row.getString(4), row.getString(5), row.getString(6),
        SendRecord.Status.valueOf(row.getString(7)), row.getString(8),
        Instants.ofNanos(row.getLong(9)), EnrollmentRows.nullableInstant(row, 10));
  }

  @Override
  public long countDelivered(String profileId, String channel, Instant since) {
    Objects.requireNonNull(since, "since");
    long bound = Instants.toNanosClamped(since);
    return database.readSql(s -> s.number(
        "count delivered sends of profile " + profileId + " on " + channel,
        "SELECT count(*) FROM workflow_sends WHERE profile_id = ? AND channel = ?"
            + " AND intent_at >= ? AND status = 'DELIVERED'",
        profileId, channel, bound));
  }

  // ---- signals

  @Override
  public long appendSignal(StoredSignal.Kind kind, String payload) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    return database.writeSql(s -> s.number("append a workflow signal",
        "INSERT INTO workflow_signals (kind, payload)"
            + " VALUES (?, " + s.dialect().typed("json") + ") RETURNING id",
        kind.name(), payload));
  }

  @Override
  public void appendSignals(StoredSignal.Kind kind, List<String> payloads) {
    Objects.requireNonNull(kind, "kind");
    List<@Nullable Object[]> rows = new ArrayList<>(payloads.size());
    for (String payload : payloads) {
      rows.add(new Object[] {kind.name(), Objects.requireNonNull(payload, "payload")});
    }
    if (!rows.isEmpty()) {
      database.writeSql(s -> s.batch("append " + rows.size() + " workflow signals",
          "INSERT INTO workflow_signals (kind, payload) VALUES (?, " + s.dialect().typed("json")
              + ")",
          rows));
    }
  }

  /** Claims what it returns; see the claims note in the source. */
  @Override
  public List<StoredSignal> pendingSignals(int limit) {
    return claims.claim(database, "claim pending workflow signals", SIGNALS, Sql.positive(limit),
        row -> new StoredSignal(
            row.getLong(1), StoredSignal.Kind.valueOf(row.getString(2)), row.getString(3)));
  }

  @Override
  public int completeSignal(long signalId, Collection<NewEnrollment> created) {
    List<EnrollmentRows.Row> rows = created.stream().map(EnrollmentRows.Row::of).toList();
    String doing = "complete workflow signal " + signalId;
    return database.writeSql(s ->
        // Gone: another instance completed it (see the claims note), so its enrollments exist.
        s.update(doing, "DELETE FROM workflow_signals WHERE id = ?", signalId) > 0
            ? EnrollmentRows.insert(s, rows, doing) : 0);
  }

  /**
   * The event insert appends them: PostgreSQL's statement trigger (V014), SQLite's {@code
   * JdbcEvents} (V018).
   */
  @Override
  public boolean signalsStoredEvents() {
    return true;
  }

  /** The database's identity log trigger appends them (SQLite's V015, PostgreSQL's V010). */
  @Override
  public boolean signalsMerges() {
    return true;
  }
}
