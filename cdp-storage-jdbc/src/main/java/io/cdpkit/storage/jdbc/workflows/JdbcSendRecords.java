package io.cdpkit.storage.jdbc.workflows;

import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.SendRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Send records, keyed by the wire form of their idempotency key. Thread-safe. */
final class JdbcSendRecords {
  private static final String COLUMNS =
      "enrollment_id, step_id, attempt, workflow, profile_id, channel, status, detail, intent_at,"
          + " outcome_at";

  private final JdbcDatabase database;

  JdbcSendRecords(JdbcDatabase database) {
    this.database = database;
  }

  void record(SendRecord record) {
    Objects.requireNonNull(record, "record");
    long intentAt = Instants.toNanos("intentAt", record.intentAt());
    Long outcomeAt =
        record.outcomeAt() == null ? null : Instants.toNanos("outcomeAt", record.outcomeAt());
    IdempotencyKey key = record.key();
    int inserted = database.writeSql(s -> s.update("record send " + key,
        "INSERT INTO workflow_sends (send_key, " + COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + s.dialect().typed("bigint") + ")"
            + " ON CONFLICT DO NOTHING",
        key.toString(), key.enrollmentId(), key.stepId(), key.attempt(), record.workflow(),
        record.profileId(), record.channel(), record.status().name(), record.detail(), intentAt,
        outcomeAt));
    if (inserted == 0) {
      throw new IllegalStateException("a send with key " + key + " is recorded");
    }
  }

  void recordOutcome(IdempotencyKey key, SendRecord.Status status, String detail, Instant at) {
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

  Optional<SendRecord> find(IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    return database.readSql(s -> s.first("read send " + key,
        "SELECT " + COLUMNS + " FROM workflow_sends WHERE send_key = ?",
        JdbcSendRecords::send, key.toString()));
  }

  List<SendRecord> of(String enrollmentId) {
    return database.readSql(s -> s.list("list sends of enrollment " + enrollmentId,
        "SELECT " + COLUMNS + " FROM workflow_sends WHERE enrollment_id = ?"
            + " ORDER BY intent_at, send_key",
        JdbcSendRecords::send, enrollmentId));
  }

  private static SendRecord send(ResultSet row) throws SQLException {
    return new SendRecord(
        IdempotencyKey.of(row.getString(1), row.getString(2), row.getInt(3)),
        row.getString(4), row.getString(5), row.getString(6),
        SendRecord.Status.valueOf(row.getString(7)), row.getString(8),
        Instants.ofNanos(row.getLong(9)), EnrollmentRows.nullableInstant(row, 10));
  }

  long countDelivered(String profileId, String channel, Instant since) {
    Objects.requireNonNull(since, "since");
    long bound = Instants.toNanosClamped(since);
    return database.readSql(s -> s.number(
        "count delivered sends of profile " + profileId + " on " + channel,
        "SELECT count(*) FROM workflow_sends WHERE profile_id = ? AND channel = ?"
            + " AND intent_at >= ? AND status = 'DELIVERED'",
        profileId, channel, bound));
  }
}
