package io.cdpkit.storage.postgres.internal;

import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.spi.IdentityLog;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.postgres.PostgresStorageException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The identity log over {@code identity_log}, with {@code identity_log_profiles} naming the
 * profiles of each record. The sequence is an identity: it only grows, even after records are
 * erased.
 */
final class PgIdentityLog implements IdentityLog {
  private static final String COLUMNS =
      "seq, at, kind, survivor_id, other_ids, identifiers, reason, actor, attributes_after,"
          + " absorbed";
  /** The record and the rows naming its profiles, in one statement. */
  private static final String APPEND =
      "WITH record AS (INSERT INTO identity_log (at, kind, survivor_id, other_ids, identifiers,"
          + "   reason, actor, attributes_after, absorbed)"
          + "   VALUES (?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb) RETURNING seq),"
          + " named AS (INSERT INTO identity_log_profiles (profile_id, seq)"
          + "   SELECT DISTINCT name, record.seq"
          + "   FROM record, jsonb_array_elements_text(?::jsonb) name)"
          + " SELECT seq FROM record";

  private final PgSession session;

  PgIdentityLog(PgSession session) {
    this.session = session;
  }

  @Override
  public MergeRecord append(MergeRecord record) {
    session.checkWritable();
    List<String> named = new ArrayList<>(record.otherIds());
    named.add(record.survivorId());
    long sequence =
        session.number(
            "append to the identity log of profile " + record.survivorId(),
            APPEND,
            Instants.toNanos("at", record.at()),
            record.kind().name(),
            record.survivorId(),
            JsonColumns.list(record.otherIds()),
            JsonColumns.identifiers(record.identifiers()),
            record.reason(),
            record.actor(),
            JsonColumns.attributes(record.attributesAfter()),
            JsonColumns.profiles(record.absorbed()),
            JsonColumns.list(named));
    return record.withSequence(sequence);
  }

  @Override
  public List<MergeRecord> ofProfile(String profileId) {
    return session.list(
        "read the identity log of profile " + profileId,
        "SELECT "
            + COLUMNS
            + " FROM identity_log WHERE seq IN"
            + " (SELECT seq FROM identity_log_profiles WHERE profile_id = ?)"
            + " ORDER BY seq",
        PgIdentityLog::map,
        profileId);
  }

  @Override
  public int deleteOfProfile(String profileId) {
    return session.update(
        "erase the identity log of profile " + profileId,
        "DELETE FROM identity_log WHERE seq IN"
            + " (SELECT seq FROM identity_log_profiles WHERE profile_id = ?)",
        profileId);
  }

  private static MergeRecord map(ResultSet row) throws SQLException {
    long seq = row.getLong(1);
    String column = "identity_log of seq " + seq;
    return new MergeRecord(
        seq,
        Instants.ofNanos(row.getLong(2)),
        kind(column, row.getString(3)),
        row.getString(4),
        JsonColumns.list(column, row.getString(5)),
        JsonColumns.identifiers(column, row.getString(6)),
        row.getString(7),
        row.getString(8),
        JsonColumns.attributes(column, row.getString(9)),
        JsonColumns.profiles(column, row.getString(10)));
  }

  private static MergeRecord.Kind kind(String column, String name) {
    try {
      return MergeRecord.Kind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new PostgresStorageException(
          "column " + column + " holds an unknown kind " + name, null, e);
    }
  }
}
