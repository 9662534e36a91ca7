package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.spi.AuditLog;
import io.cdpkit.core.spi.ConsentHistory;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.SuppressionList;
import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.jdbc.Instants;
import io.cdpkit.storage.jdbc.JsonColumns;
import io.cdpkit.storage.jdbc.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The privacy ports: consent history ({@code consent_history}), the audit trail ({@code audit_log})
 * and the suppression list ({@code suppression_list}). Sequences only grow (AUTOINCREMENT rowids on
 * SQLite, identity columns on PostgreSQL, where a retried or rolled-back transaction leaves gaps).
 */
public final class JdbcPrivacy {
  private JdbcPrivacy() {}

  /** Every consent decision per profile. */
  public static final class Consents extends OwnedRows implements ConsentHistory {
    public Consents(Sql session) {
      super(session, "consent_history", "owner", "origin", "consent history", false);
    }

    @Override
    public StoredConsentChange append(StoredConsentChange stored) {
      session.checkWritable();
      ConsentChange change = stored.change();
      Identifier through = change.identifier();
      long sequence =
          session.number(
              "append a consent decision of profile " + stored.ownerProfileId(),
              "INSERT INTO consent_history (owner, origin, identifier_type, identifier_value,"
                  + " channel, purpose, status, at, source, expires_at, actor)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq",
              stored.ownerProfileId(),
              stored.originProfileId(),
              through == null ? null : through.type(),
              through == null ? null : through.value(),
              change.channel(),
              change.purpose(),
              change.status().name(),
              Instants.toNanos("at", change.at()),
              change.source(),
              change.expiresAt() == null ? null : Instants.toNanos("expiresAt", change.expiresAt()),
              change.actor());
      return new StoredConsentChange(
          change, stored.ownerProfileId(), stored.originProfileId(), sequence);
    }

    @Override
    public List<StoredConsentChange> ofOwner(String profileId) {
      return session.list(
          "read the consent history of profile " + profileId,
          "SELECT seq, owner, origin, identifier_type, identifier_value, channel, purpose, status,"
              + " at, source, expires_at, actor FROM consent_history WHERE owner = ?"
              + " ORDER BY at DESC, seq DESC",
          Consents::map,
          profileId);
    }

    private static StoredConsentChange map(ResultSet row) throws SQLException {
      long seq = row.getLong(1);
      String type = row.getString(4);
      long expires = row.getLong(11);
      boolean noExpiry = row.wasNull();
      ConsentStatus status = CorruptColumnException.constant(
          ConsentStatus.class, "consent_history.status of seq " + seq, "status", row.getString(8));
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
    public void delete(long sequence) {
      session.update(
          "delete consent decision " + sequence, "DELETE FROM consent_history WHERE seq = ?", sequence);
    }
  }

  /** The append-only audit trail. */
  public static final class Audit implements AuditLog {
    private final Sql session;

    public Audit(Sql session) {
      this.session = session;
    }

    @Override
    public AuditEntry append(AuditEntry entry) {
      session.checkWritable();
      long sequence =
          session.number(
              "append to the audit log of profile " + entry.profileId(),
              "INSERT INTO audit_log (at, actor, action, profile_id, detail)"
                  + " VALUES (?, ?, ?, ?, ?) RETURNING seq",
              Instants.toNanos("at", entry.at()),
              entry.actor(),
              entry.action().name(),
              entry.profileId(),
              entry.detail());
      return entry.withSequence(sequence);
    }

    @Override
    public List<AuditEntry> ofProfile(String profileId) {
      return session.list(
          "read the audit log of profile " + profileId,
          "SELECT seq, at, actor, action, profile_id, detail FROM audit_log"
              + " WHERE profile_id = ? ORDER BY seq",
          Audit::map,
          profileId);
    }

    private static AuditEntry map(ResultSet row) throws SQLException {
      long seq = row.getLong(1);
      return new AuditEntry(
          seq,
          Instants.ofNanos(row.getLong(2)),
          row.getString(3),
          CorruptColumnException.constant(AuditEntry.Action.class,
              "audit_log.action of seq " + seq, "action", row.getString(4)),
          row.getString(5),
          row.getString(6));
    }
  }

  /** Hashes of erased identifiers. */
  public static final class Suppressions implements SuppressionList {
    private final Sql session;

    public Suppressions(Sql session) {
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
      return session
          .first(
              "look up the suppression list",
              "SELECT 1 FROM suppression_list WHERE hash = ?",
              row -> true,
              hash)
          .isPresent();
    }

    @Override
    public Set<String> containedOf(Collection<String> hashes) {
      if (hashes.isEmpty()) {
        return Set.of();
      }
      return new HashSet<>(session.list(
          "look up " + hashes.size() + " hashes on the suppression list",
          "SELECT hash FROM suppression_list WHERE hash IN ("
              + session.dialect().textsOfJsonArray() + ")",
          row -> row.getString(1),
          JsonColumns.strings(new HashSet<>(hashes))));
    }
  }
}
