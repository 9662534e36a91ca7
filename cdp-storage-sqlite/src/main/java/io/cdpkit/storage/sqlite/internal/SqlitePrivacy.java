package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.spi.AuditLog;
import io.cdpkit.core.spi.ConsentHistory;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.SuppressionList;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.SqlConnection;
import io.cdpkit.storage.sqlite.SqliteStorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The privacy ports: consent history ({@code consent_history}), the audit trail ({@code audit_log})
 * and the suppression list ({@code suppression_list}). Sequences are AUTOINCREMENT rowids, so they
 * only grow.
 */
final class SqlitePrivacy {
  private SqlitePrivacy() {}

  /** Every consent decision per profile. */
  static final class Consents implements ConsentHistory {
    private static final String COLUMNS =
        "seq, owner, origin, identifier_type, identifier_value, channel, purpose, status, at,"
            + " source, expires_at, actor";

    private final SqliteSession session;

    Consents(SqliteSession session) {
      this.session = session;
    }

    @Override
    public StoredConsentChange append(StoredConsentChange stored) {
      session.checkWritable();
      ConsentChange change = stored.change();
      long at = Instants.toNanos("at", change.at());
      Long expires =
          change.expiresAt() == null ? null : Instants.toNanos("expiresAt", change.expiresAt());
      long sequence =
          session.sql(
              "append a consent decision of profile " + stored.ownerProfileId(),
              c -> {
                PreparedStatement append =
                    c.prepare(
                        "INSERT INTO consent_history (owner, origin, identifier_type,"
                            + " identifier_value, channel, purpose, status, at, source,"
                            + " expires_at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + " RETURNING seq");
                append.setString(1, stored.ownerProfileId());
                append.setString(2, stored.originProfileId());
                Identifier through = change.identifier();
                append.setString(3, through == null ? null : through.type());
                append.setString(4, through == null ? null : through.value());
                append.setString(5, change.channel());
                append.setString(6, change.purpose());
                append.setString(7, change.status().name());
                append.setLong(8, at);
                append.setString(9, change.source());
                if (expires == null) {
                  append.setNull(10, Types.INTEGER);
                } else {
                  append.setLong(10, expires);
                }
                append.setString(11, change.actor());
                try (SqlConnection.Rows rows = c.query(append)) {
                  rows.next();
                  return rows.results().getLong(1);
                }
              });
      return new StoredConsentChange(
          change, stored.ownerProfileId(), stored.originProfileId(), sequence);
    }

    @Override
    public List<StoredConsentChange> ofOwner(String profileId) {
      return session.sql(
          "read the consent history of profile " + profileId,
          c -> {
            PreparedStatement of =
                c.prepare(
                    "SELECT "
                        + COLUMNS
                        + " FROM consent_history WHERE owner = ?"
                        + " ORDER BY at DESC, seq DESC");
            of.setString(1, profileId);
            List<StoredConsentChange> changes = new ArrayList<>();
            try (SqlConnection.Rows rows = c.query(of)) {
              while (rows.next()) {
                changes.add(map(rows.results()));
              }
            }
            return changes;
          });
    }

    private static StoredConsentChange map(ResultSet row) throws SQLException {
      long seq = row.getLong(1);
      String type = row.getString(4);
      long expires = row.getLong(11);
      boolean noExpiry = row.wasNull();
      ConsentStatus status;
      try {
        status = ConsentStatus.valueOf(row.getString(8));
      } catch (IllegalArgumentException e) {
        throw new SqliteStorageException(
            SqliteStorageException.Kind.CORRUPT,
            -1,
            "column consent_history.status of seq " + seq + " holds an unknown status",
            e);
      }
      ConsentChange change =
          new ConsentChange(
              type == null ? null : new Identifier(type, row.getString(5)),
              row.getString(6),
              row.getString(7),
              status,
              Instants.ofNanos(row.getLong(9)),
              row.getString(10),
              noExpiry ? null : Instants.ofNanos(expires),
              row.getString(12));
      return new StoredConsentChange(change, row.getString(2), row.getString(3), seq);
    }

    @Override
    public void reassignOwner(String fromProfileId, String toProfileId) {
      session.update(
          "move the consent history of profile " + fromProfileId + " to " + toProfileId,
          "UPDATE consent_history SET owner = ?2 WHERE owner = ?1 AND ?1 <> ?2",
          fromProfileId, toProfileId);
    }

    @Override
    public void reassignOrigin(String originProfileId, String toProfileId) {
      session.update(
          "move the consent decisions recorded for " + originProfileId + " to " + toProfileId,
          "UPDATE consent_history SET owner = ?2 WHERE origin = ?1 AND owner <> ?2",
          originProfileId, toProfileId);
    }

    @Override
    public int deleteOfOwner(String profileId) {
      return session.update(
          "delete the consent history of profile " + profileId,
          "DELETE FROM consent_history WHERE owner = ?",
          profileId);
    }
  }

  /** The append-only audit trail. */
  static final class Audit implements AuditLog {
    private final SqliteSession session;

    Audit(SqliteSession session) {
      this.session = session;
    }

    @Override
    public AuditEntry append(AuditEntry entry) {
      session.checkWritable();
      long at = Instants.toNanos("at", entry.at());
      long sequence =
          session.sql(
              "append to the audit log of profile " + entry.profileId(),
              c -> {
                PreparedStatement append =
                    c.prepare(
                        "INSERT INTO audit_log (at, actor, action, profile_id, detail)"
                            + " VALUES (?, ?, ?, ?, ?) RETURNING seq");
                append.setLong(1, at);
                append.setString(2, entry.actor());
                append.setString(3, entry.action().name());
                append.setString(4, entry.profileId());
                append.setString(5, entry.detail());
                try (SqlConnection.Rows rows = c.query(append)) {
                  rows.next();
                  return rows.results().getLong(1);
                }
              });
      return entry.withSequence(sequence);
    }

    @Override
    public List<AuditEntry> ofProfile(String profileId) {
      return session.sql(
          "read the audit log of profile " + profileId,
          c -> {
            PreparedStatement of =
                c.prepare(
                    "SELECT seq, at, actor, action, profile_id, detail FROM audit_log"
                        + " WHERE profile_id = ? ORDER BY seq");
            of.setString(1, profileId);
            List<AuditEntry> entries = new ArrayList<>();
            try (SqlConnection.Rows rows = c.query(of)) {
              while (rows.next()) {
                ResultSet row = rows.results();
                long seq = row.getLong(1);
                AuditEntry.Action action;
                try {
                  action = AuditEntry.Action.valueOf(row.getString(4));
                } catch (IllegalArgumentException e) {
                  throw new SqliteStorageException(
                      SqliteStorageException.Kind.CORRUPT,
                      -1,
                      "column audit_log.action of seq " + seq + " holds an unknown action",
                      e);
                }
                entries.add(
                    new AuditEntry(
                        seq,
                        Instants.ofNanos(row.getLong(2)),
                        row.getString(3),
                        action,
                        row.getString(5),
                        row.getString(6)));
              }
            }
            return entries;
          });
    }
  }

  /** Hashes of erased identifiers. */
  static final class Suppressions implements SuppressionList {
    private final SqliteSession session;

    Suppressions(SqliteSession session) {
      this.session = session;
    }

    @Override
    public void add(String hash) {
      session.update(
          "add a hash to the suppression list",
          "INSERT INTO suppression_list (hash) VALUES (?) ON CONFLICT DO NOTHING",
          hash);
    }

    @Override
    public boolean contains(String hash) {
      return session.sql(
          "look up the suppression list",
          c -> {
            PreparedStatement find = c.prepare("SELECT 1 FROM suppression_list WHERE hash = ?");
            find.setString(1, hash);
            try (SqlConnection.Rows rows = c.query(find)) {
              return rows.next();
            }
          });
    }
  }
}
