package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.spi.IdentityLog;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.sqlite.SqliteStorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The identity log over {@code identity_log}, with {@code identity_log_profiles} naming the
 * profiles of each record. The sequence is an AUTOINCREMENT rowid: it only grows, even after
 * records are erased.
 */
final class SqliteIdentityLog implements IdentityLog {
  private static final String COLUMNS =
      "seq, at, kind, survivor_id, other_ids, identifiers, reason, actor, attributes_after,"
          + " absorbed";

  private final SqliteSession session;

  SqliteIdentityLog(SqliteSession session) {
    this.session = session;
  }

  @Override
  public MergeRecord append(MergeRecord record) {
    session.checkWritable();
    long at = Instants.toNanos("at", record.at());
    long sequence =
        session.sql(
            "append to the identity log of profile " + record.survivorId(),
            c -> {
              PreparedStatement append =
                  c.prepare(
                      "INSERT INTO identity_log (at, kind, survivor_id, other_ids, identifiers,"
                          + " reason, actor, attributes_after, absorbed)"
                          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq");
              append.setLong(1, at);
              append.setString(2, record.kind().name());
              append.setString(3, record.survivorId());
              append.setString(4, JsonColumns.list(record.otherIds()));
              append.setString(5, JsonColumns.identifiers(record.identifiers()));
              append.setString(6, record.reason());
              append.setString(7, record.actor());
              append.setString(8, JsonColumns.attributes(record.attributesAfter()));
              append.setString(9, JsonColumns.profiles(record.absorbed()));
              long seq;
              try (SqlConnection.Rows rows = c.query(append)) {
                rows.next();
                seq = rows.results().getLong(1);
              }
              PreparedStatement names =
                  c.prepare(
                      "INSERT INTO identity_log_profiles (profile_id, seq) VALUES (?, ?)"
                          + " ON CONFLICT DO NOTHING");
              Set<String> named = new LinkedHashSet<>();
              named.add(record.survivorId());
              named.addAll(record.otherIds());
              for (String profileId : named) {
                names.setString(1, profileId);
                names.setLong(2, seq);
                names.executeUpdate();
              }
              return seq;
            });
    return record.withSequence(sequence);
  }

  @Override
  public List<MergeRecord> ofProfile(String profileId) {
    return session.sql(
        "read the identity log of profile " + profileId,
        c -> {
          PreparedStatement of =
              c.prepare(
                  "SELECT "
                      + COLUMNS
                      + " FROM identity_log WHERE seq IN"
                      + " (SELECT seq FROM identity_log_profiles WHERE profile_id = ?)"
                      + " ORDER BY seq");
          of.setString(1, profileId);
          List<MergeRecord> records = new ArrayList<>();
          try (SqlConnection.Rows rows = c.query(of)) {
            while (rows.next()) {
              records.add(map(rows.results()));
            }
          }
          return records;
        });
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
      throw new SqliteStorageException(
          SqliteStorageException.Kind.CORRUPT,
          -1,
          "column " + column + " holds an unknown kind " + name,
          e);
    }
  }
}
