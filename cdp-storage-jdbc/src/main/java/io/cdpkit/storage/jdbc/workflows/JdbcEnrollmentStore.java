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
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/*
 * Tables from SQLite's migrations V006, V008, V010, V012 and V015, PostgreSQL's V004, V006, V008 and V010.
 * Definitions, send records and signals each have a class of their own; this one keeps the
 * enrollments and hands the rest on.
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

  private final JdbcDatabase database;
  private final RowClaims claims;
  private final JdbcWorkflowDefinitions definitions;
  private final JdbcSendRecords sends;
  private final JdbcWorkflowSignals signals;

  public JdbcEnrollmentStore(JdbcDatabase database, RowClaims claims) {
    this.database = database;
    this.claims = claims;
    this.definitions = new JdbcWorkflowDefinitions(database);
    this.sends = new JdbcSendRecords(database);
    this.signals = new JdbcWorkflowSignals(database, claims);
  }

  @Override
  public void saveWorkflow(StoredWorkflow workflow) {
    definitions.save(workflow);
  }

  @Override
  public Optional<StoredWorkflow> findWorkflow(String name, int version) {
    return definitions.find(name, version);
  }

  @Override
  public List<StoredWorkflow> versions(String name) {
    return definitions.versions(name);
  }

  @Override
  public void putStatus(WorkflowStatus status) {
    definitions.putStatus(status);
  }

  @Override
  public Optional<WorkflowStatus> findStatus(String name) {
    return definitions.findStatus(name);
  }

  @Override
  public List<WorkflowStatus> statuses() {
    return definitions.statuses();
  }

  @Override
  public void deleteWorkflow(String name) {
    definitions.delete(name);
  }

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
  public void recordSend(SendRecord record) {
    sends.record(record);
  }

  @Override
  public void recordOutcome(
      IdempotencyKey key, SendRecord.Status status, String detail, Instant at) {
    sends.recordOutcome(key, status, detail, at);
  }

  @Override
  public Optional<SendRecord> findSend(IdempotencyKey key) {
    return sends.find(key);
  }

  @Override
  public List<SendRecord> sendsOf(String enrollmentId) {
    return sends.of(enrollmentId);
  }

  @Override
  public long countDelivered(String profileId, String channel, Instant since) {
    return sends.countDelivered(profileId, channel, since);
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

  @Override
  public long appendSignal(StoredSignal.Kind kind, String payload) {
    return signals.append(kind, payload);
  }

  @Override
  public void appendSignals(StoredSignal.Kind kind, List<String> payloads) {
    signals.append(kind, payloads);
  }

  /** Claims what it returns; see the claims note in the source. */
  @Override
  public List<StoredSignal> pendingSignals(int limit) {
    return signals.pending(limit);
  }

  @Override
  public int completeSignal(long signalId, Collection<NewEnrollment> created) {
    return signals.complete(signalId, created);
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
