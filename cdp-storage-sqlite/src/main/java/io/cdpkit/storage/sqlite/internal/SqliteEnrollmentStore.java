package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.storage.jdbc.SqlConnection;
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
import java.sql.Types;
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
 * Tables from migration V006. An enrollment is one row whose history is a JSON array (see
 * JsonColumns.history): the engine always stores a whole new copy, so rewriting the row is the
 * natural unit and needs no diffing of histories. Due timers come from a partial index holding only
 * ACTIVE and WAITING rows ordered by (due_at, id), the order due() returns, so a runDue over
 * 100,000 waiting enrollments reads only the rows it takes. A send record is keyed by the wire
 * form of its idempotency key, which is unique per key; the key's parts are kept in columns too so
 * it is rebuilt without parsing. Pending signals are in workflow_signals (V008): an append is one
 * insert, and completing a signal inserts its enrollments and deletes it in one transaction.
 */

/**
 * The workflows module's {@link EnrollmentStore} on the store's database. Each method is one
 * transaction of its own (through the single writer for writes, on a reader for reads), or part of
 * the write running on the calling thread. A write is as durable on return as the store's {@code
 * Durability} makes any commit. Thread-safe. The {@code SqliteStorage} owns the connections.
 */
public final class SqliteEnrollmentStore implements EnrollmentStore {
  private static final String ENROLLMENT_COLUMNS =
      "id, workflow, version, profile_id, state, step_id, due_at, entered_at, step_started_at,"
          + " attempt, trigger_event_id, converted, reason, ended_at, history";
  private static final String SEND_COLUMNS =
      "enrollment_id, step_id, attempt, workflow, profile_id, channel, status, detail, intent_at,"
          + " outcome_at";

  private final SqliteDatabase database;

  SqliteEnrollmentStore(SqliteDatabase database) {
    this.database = database;
  }

  @Override
  public void saveWorkflow(StoredWorkflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    long savedAt = Instants.toNanos("savedAt", workflow.savedAt());
    database.writeSql(
        "save workflow " + workflow.name() + " version " + workflow.version(),
        c -> {
          PreparedStatement insert =
              c.prepare(
                  "INSERT INTO workflow_versions (name, version, json, saved_at)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
          insert.setString(1, workflow.name());
          insert.setInt(2, workflow.version());
          insert.setString(3, workflow.json());
          insert.setLong(4, savedAt);
          if (insert.executeUpdate() == 0) {
            throw new IllegalStateException(
                "workflow " + workflow.name() + " version " + workflow.version() + " exists");
          }
          return null;
        });
  }

  @Override
  public Optional<StoredWorkflow> findWorkflow(String name, int version) {
    return database.readSql(
        "read workflow " + name + " version " + version,
        c -> {
          PreparedStatement find =
              c.prepare(
                  "SELECT name, version, json, saved_at FROM workflow_versions"
                      + " WHERE name = ? AND version = ?");
          find.setString(1, name);
          find.setInt(2, version);
          return first(c, find, SqliteEnrollmentStore::storedWorkflow);
        });
  }

  @Override
  public List<StoredWorkflow> versions(String name) {
    return database.readSql(
        "list versions of workflow " + name,
        c -> {
          PreparedStatement list =
              c.prepare(
                  "SELECT name, version, json, saved_at FROM workflow_versions WHERE name = ?"
                      + " ORDER BY version");
          list.setString(1, name);
          return all(c, list, SqliteEnrollmentStore::storedWorkflow);
        });
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
        "put the status of workflow " + status.name(),
        c -> {
          PreparedStatement put =
              c.prepare(
                  "INSERT INTO workflow_statuses (name, current_version, enabled, enabled_since)"
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET"
                      + " current_version = excluded.current_version,"
                      + " enabled = excluded.enabled, enabled_since = excluded.enabled_since");
          put.setString(1, status.name());
          put.setInt(2, status.currentVersion());
          put.setInt(3, status.enabled() ? 1 : 0);
          setNullableLong(put, 4, since);
          return put.executeUpdate();
        });
  }

  @Override
  public Optional<WorkflowStatus> findStatus(String name) {
    return database.readSql(
        "read the status of workflow " + name,
        c -> {
          PreparedStatement find =
              c.prepare(
                  "SELECT name, current_version, enabled, enabled_since FROM workflow_statuses"
                      + " WHERE name = ?");
          find.setString(1, name);
          return first(c, find, SqliteEnrollmentStore::status);
        });
  }

  @Override
  public List<WorkflowStatus> statuses() {
    return database.readSql(
        "list workflow statuses",
        c ->
            all(
                c,
                c.prepare(
                    "SELECT name, current_version, enabled, enabled_since FROM workflow_statuses"
                        + " ORDER BY name"),
                SqliteEnrollmentStore::status));
  }

  private static WorkflowStatus status(ResultSet row) throws SQLException {
    return new WorkflowStatus(
        row.getString(1), row.getInt(2), row.getInt(3) != 0, nullableInstant(row, 4));
  }

  @Override
  public void deleteWorkflow(String name) {
    Objects.requireNonNull(name, "name");
    database.writeSql(
        "delete workflow " + name,
        c -> {
          for (String sql :
              List.of(
                  "DELETE FROM workflow_versions WHERE name = ?",
                  "DELETE FROM workflow_statuses WHERE name = ?",
                  "DELETE FROM enrollments WHERE workflow = ?")) {
            PreparedStatement delete = c.prepare(sql);
            delete.setString(1, name);
            delete.executeUpdate();
          }
          return null;
        });
  }

  @Override
  public void insert(Enrollment enrollment) {
    Objects.requireNonNull(enrollment, "enrollment");
    EnrollmentRow row = EnrollmentRow.of(enrollment);
    database.writeSql(
        "insert enrollment " + enrollment.id(),
        c -> {
          insert(c, row);
          return null;
        });
  }

  private static void insert(SqlConnection c, EnrollmentRow row) throws SQLException {
    PreparedStatement insert =
        c.prepare(
            "INSERT INTO enrollments (workflow, version, profile_id, state, step_id, due_at,"
                + " entered_at, step_started_at, attempt, trigger_event_id, converted,"
                + " reason, ended_at, history, id)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (id) DO NOTHING");
    row.bind(insert);
    if (insert.executeUpdate() == 0) {
      throw new IllegalStateException("enrollment " + row.enrollment().id() + " exists");
    }
  }

  @Override
  public void update(Enrollment enrollment) {
    Objects.requireNonNull(enrollment, "enrollment");
    EnrollmentRow row = EnrollmentRow.of(enrollment);
    database.writeSql(
        "update enrollment " + enrollment.id(),
        c -> {
          PreparedStatement update =
              c.prepare(
                  "UPDATE enrollments SET workflow = ?, version = ?, profile_id = ?, state = ?,"
                      + " step_id = ?, due_at = ?, entered_at = ?, step_started_at = ?,"
                      + " attempt = ?, trigger_event_id = ?, converted = ?, reason = ?,"
                      + " ended_at = ?, history = ? WHERE id = ?");
          row.bind(update);
          if (update.executeUpdate() == 0) {
            throw new IllegalStateException("enrollment " + enrollment.id() + " is unknown");
          }
          return null;
        });
  }

  @Override
  public Optional<Enrollment> find(String enrollmentId) {
    return database.readSql(
        "read enrollment " + enrollmentId,
        c -> {
          PreparedStatement find =
              c.prepare("SELECT " + ENROLLMENT_COLUMNS + " FROM enrollments WHERE id = ?");
          find.setString(1, enrollmentId);
          return first(c, find, SqliteEnrollmentStore::enrollment);
        });
  }

  @Override
  public List<Enrollment> due(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    long bound = Instants.toNanosClamped(now);
    return database.readSql(
        "list due enrollments",
        c -> {
          // The WHERE clause repeats the partial index's, which lets SQLite use it.
          PreparedStatement due =
              c.prepare(
                  "SELECT "
                      + ENROLLMENT_COLUMNS
                      + " FROM enrollments INDEXED BY enrollments_due"
                      + " WHERE state IN ('ACTIVE', 'WAITING') AND due_at IS NOT NULL"
                      + " AND due_at <= ? ORDER BY due_at, id LIMIT ?");
          due.setLong(1, bound);
          due.setInt(2, limit);
          return all(c, due, SqliteEnrollmentStore::enrollment);
        });
  }

  @Override
  public List<Enrollment> ofProfile(String profileId) {
    return database.readSql(
        "list enrollments of profile " + profileId,
        c -> {
          PreparedStatement list =
              c.prepare(
                  "SELECT "
                      + ENROLLMENT_COLUMNS
                      + " FROM enrollments WHERE profile_id = ? ORDER BY entered_at, id");
          list.setString(1, profileId);
          return all(c, list, SqliteEnrollmentStore::enrollment);
        });
  }

  @Override
  public List<Enrollment> ofWorkflow(String workflow) {
    return database.readSql(
        "list enrollments of workflow " + workflow,
        c -> {
          PreparedStatement list =
              c.prepare(
                  "SELECT "
                      + ENROLLMENT_COLUMNS
                      + " FROM enrollments WHERE workflow = ? ORDER BY entered_at, id");
          list.setString(1, workflow);
          return all(c, list, SqliteEnrollmentStore::enrollment);
        });
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
        row.getInt(12) != 0,
        row.getString(13),
        nullableInstant(row, 14),
        JsonColumns.history("enrollments.history", row.getString(15)));
  }

  @Override
  public Map<EnrollmentState, Long> countByState(String workflow) {
    return database.readSql(
        "count enrollments of workflow " + workflow + " by state",
        c -> {
          PreparedStatement count =
              c.prepare(
                  "SELECT state, count(*) FROM enrollments WHERE workflow = ? GROUP BY state");
          count.setString(1, workflow);
          Map<EnrollmentState, Long> counts = new EnumMap<>(EnrollmentState.class);
          try (SqlConnection.Rows rows = c.query(count)) {
            while (rows.next()) {
              counts.put(
                  EnrollmentState.valueOf(rows.results().getString(1)),
                  rows.results().getLong(2));
            }
          }
          return counts;
        });
  }

  @Override
  public long countConverted(String workflow) {
    return database.readSql(
        "count converted enrollments of workflow " + workflow,
        c -> {
          PreparedStatement count =
              c.prepare(
                  "SELECT count(*) FROM enrollments WHERE workflow = ? AND converted = 1");
          count.setString(1, workflow);
          return single(c, count);
        });
  }

  @Override
  public void recordSend(SendRecord record) {
    Objects.requireNonNull(record, "record");
    long intentAt = Instants.toNanos("intentAt", record.intentAt());
    Long outcomeAt =
        record.outcomeAt() == null ? null : Instants.toNanos("outcomeAt", record.outcomeAt());
    IdempotencyKey key = record.key();
    database.writeSql(
        "record send " + key,
        c -> {
          PreparedStatement insert =
              c.prepare(
                  "INSERT INTO workflow_sends (send_key, "
                      + SEND_COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
          insert.setString(1, key.toString());
          insert.setString(2, key.enrollmentId());
          insert.setString(3, key.stepId());
          insert.setInt(4, key.attempt());
          insert.setString(5, record.workflow());
          insert.setString(6, record.profileId());
          insert.setString(7, record.channel());
          insert.setString(8, record.status().name());
          insert.setString(9, record.detail());
          insert.setLong(10, intentAt);
          setNullableLong(insert, 11, outcomeAt);
          if (insert.executeUpdate() == 0) {
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
        "record the outcome of send " + key,
        c -> {
          PreparedStatement update =
              c.prepare(
                  "UPDATE workflow_sends SET status = ?, detail = ?, outcome_at = ?"
                      + " WHERE send_key = ?");
          update.setString(1, status.name());
          update.setString(2, detail);
          update.setLong(3, outcomeAt);
          update.setString(4, key.toString());
          if (update.executeUpdate() == 0) {
            throw new IllegalStateException("no send recorded with key " + key);
          }
          return null;
        });
  }

  @Override
  public Optional<SendRecord> findSend(IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    return database.readSql(
        "read send " + key,
        c -> {
          PreparedStatement find =
              c.prepare("SELECT " + SEND_COLUMNS + " FROM workflow_sends WHERE send_key = ?");
          find.setString(1, key.toString());
          return first(c, find, SqliteEnrollmentStore::send);
        });
  }

  @Override
  public List<SendRecord> sendsOf(String enrollmentId) {
    return database.readSql(
        "list sends of enrollment " + enrollmentId,
        c -> {
          PreparedStatement list =
              c.prepare(
                  "SELECT "
                      + SEND_COLUMNS
                      + " FROM workflow_sends WHERE enrollment_id = ?"
                      + " ORDER BY intent_at, send_key");
          list.setString(1, enrollmentId);
          return all(c, list, SqliteEnrollmentStore::send);
        });
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
        "count delivered sends of profile " + profileId + " on " + channel,
        c -> {
          PreparedStatement count =
              c.prepare(
                  "SELECT count(*) FROM workflow_sends WHERE status = 'DELIVERED'"
                      + " AND profile_id = ? AND channel = ? AND intent_at >= ?");
          count.setString(1, profileId);
          count.setString(2, channel);
          count.setLong(3, bound);
          return single(c, count);
        });
  }

  @Override
  public int forgetProfile(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    return database.writeSql(
        "forget the workflow data of profile " + profileId,
        c -> {
          PreparedStatement sends = c.prepare("DELETE FROM workflow_sends WHERE profile_id = ?");
          sends.setString(1, profileId);
          sends.executeUpdate();
          PreparedStatement enrollments = c.prepare("DELETE FROM enrollments WHERE profile_id = ?");
          enrollments.setString(1, profileId);
          return enrollments.executeUpdate();
        });
  }

  @Override
  public long appendSignal(StoredSignal.Kind kind, String payload) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    return database.writeSql(
        "append a workflow signal",
        c -> {
          PreparedStatement insert =
              c.prepare("INSERT INTO workflow_signals (kind, payload) VALUES (?, ?) RETURNING id");
          insert.setString(1, kind.name());
          insert.setString(2, payload);
          return single(c, insert);
        });
  }

  @Override
  public List<StoredSignal> pendingSignals(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return database.readSql(
        "list pending workflow signals",
        c -> {
          PreparedStatement list =
              c.prepare("SELECT id, kind, payload FROM workflow_signals ORDER BY id LIMIT ?");
          list.setInt(1, limit);
          return all(
              c,
              list,
              row ->
                  new StoredSignal(
                      row.getLong(1), StoredSignal.Kind.valueOf(row.getString(2)),
                      row.getString(3)));
        });
  }

  @Override
  public void completeSignal(long signalId, Collection<Enrollment> created) {
    List<EnrollmentRow> rows = created.stream().map(EnrollmentRow::of).toList();
    database.writeSql(
        "complete workflow signal " + signalId,
        c -> {
          for (EnrollmentRow row : rows) {
            insert(c, row);
          }
          PreparedStatement delete = c.prepare("DELETE FROM workflow_signals WHERE id = ?");
          delete.setLong(1, signalId);
          delete.executeUpdate();
          return null;
        });
  }

  private static <T> Optional<T> first(
      SqlConnection c, PreparedStatement query, Sql.RowMapper<T> mapper)
      throws SQLException {
    try (SqlConnection.Rows rows = c.query(query)) {
      return rows.next() ? Optional.of(mapper.map(rows.results())) : Optional.empty();
    }
  }

  private static <T> List<T> all(
      SqlConnection c, PreparedStatement query, Sql.RowMapper<T> mapper)
      throws SQLException {
    List<T> result = new ArrayList<>();
    try (SqlConnection.Rows rows = c.query(query)) {
      while (rows.next()) {
        result.add(mapper.map(rows.results()));
      }
    }
    return result;
  }

  private static long single(SqlConnection c, PreparedStatement query) throws SQLException {
    try (SqlConnection.Rows rows = c.query(query)) {
      return rows.next() ? rows.results().getLong(1) : 0;
    }
  }

  private static void setNullableLong(PreparedStatement statement, int index, @Nullable Long value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.INTEGER);
    } else {
      statement.setLong(index, value);
    }
  }

  private static @Nullable Instant nullableInstant(ResultSet row, int column) throws SQLException {
    long nanos = row.getLong(column);
    return row.wasNull() ? null : Instants.ofNanos(nanos);
  }

  /**
   * An enrollment's column values, converted before the transaction starts so that an instant out
   * of range fails without taking the writer. Binds them in the order of the insert and update
   * statements: every column but the id, then the id.
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

    void bind(PreparedStatement statement) throws SQLException {
      statement.setString(1, enrollment.workflow());
      statement.setInt(2, enrollment.version());
      statement.setString(3, enrollment.profileId());
      statement.setString(4, enrollment.state().name());
      statement.setString(5, enrollment.stepId());
      setNullableLong(statement, 6, dueAt);
      statement.setLong(7, enteredAt);
      statement.setLong(8, stepStartedAt);
      statement.setInt(9, enrollment.attempt());
      statement.setString(10, enrollment.triggerEventId());
      statement.setInt(11, enrollment.converted() ? 1 : 0);
      statement.setString(12, enrollment.reason());
      setNullableLong(statement, 13, endedAt);
      statement.setString(14, history);
      statement.setString(15, enrollment.id());
    }
  }
}
