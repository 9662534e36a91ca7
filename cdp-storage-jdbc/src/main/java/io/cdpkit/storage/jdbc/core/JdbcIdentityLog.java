package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.spi.IdentityLog;
import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The identity log over {@code identity_log}, with {@code identity_log_profiles} naming the
 * profiles of each record. The sequence only grows, even after records are erased.
 */
public final class JdbcIdentityLog implements IdentityLog {
  private static final String COLUMNS =
      "seq, at, kind, survivor_id, other_ids, identifiers, reason, actor, attributes_after,"
          + " absorbed";

  private final Sql session;
  private final ChangedProfiles changes;
  private final String append;

  public JdbcIdentityLog(Sql session, ChangedProfiles changes) {
    this.session = session;
    this.changes = changes;
    String json = session.dialect().json();
    this.append =
        "INSERT INTO identity_log (at, kind, survivor_id, other_ids, identifiers, reason, actor,"
            + " attributes_after, absorbed) VALUES (?, ?, ?, "
            + json + ", " + json + ", ?, ?, " + json + ", " + json + ") RETURNING seq";
  }

  @Override
  public MergeRecord append(MergeRecord record) {
    session.checkWritable();
    String doing = "append to the identity log of profile " + record.survivorId();
    long sequence =
        session.number(
            doing,
            append,
            Instants.toNanos("at", record.at()),
            record.kind().name(),
            record.survivorId(),
            JsonColumns.list(record.otherIds()),
            JsonColumns.identifiers(record.identifiers()),
            record.reason(),
            record.actor(),
            JsonColumns.attributes(record.attributesAfter()),
            JsonColumns.profiles(record.absorbed()));
    Set<String> named = new LinkedHashSet<>();
    named.add(record.survivorId());
    named.addAll(record.otherIds());
    if (record.kind() == MergeRecord.Kind.AUTOMATIC_MERGE
        || record.kind() == MergeRecord.Kind.MANUAL_MERGE) {
      named.forEach(changes::changed);
    }
    for (String profileId : named) {
      session.update(
          doing,
          "INSERT INTO identity_log_profiles (profile_id, seq) VALUES (?, ?)"
              + " ON CONFLICT DO NOTHING",
          profileId,
          sequence);
    }
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
        JdbcIdentityLog::map,
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
        CorruptColumnException.constant(MergeRecord.Kind.class, column, "kind", row.getString(3)),
        row.getString(4),
        JsonColumns.list(column, row.getString(5)),
        JsonColumns.identifiers(column, row.getString(6)),
        row.getString(7),
        row.getString(8),
        JsonColumns.attributes(column, row.getString(9)),
        JsonColumns.profiles(column, row.getString(10)));
  }
}
