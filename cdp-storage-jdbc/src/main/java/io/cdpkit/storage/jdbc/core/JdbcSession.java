package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.spi.AttributeHistory;
import io.cdpkit.core.spi.AuditLog;
import io.cdpkit.core.spi.ConsentHistory;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.core.spi.IdentityIndex;
import io.cdpkit.core.spi.IdentityLog;
import io.cdpkit.core.spi.ProfileStore;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.SuppressionList;
import io.cdpkit.storage.jdbc.Sql;
import java.util.stream.Stream;

/**
 * The core module's ports over one transaction (a write) or snapshot (a read) of a SQL store. Used
 * by the callback's thread only, and only until the callback returns; afterwards every method of
 * its ports throws {@link IllegalStateException}.
 */
public final class JdbcSession implements StorageSession {
  private final Sql sql;
  private final RowCache cache;
  private final JdbcProfiles profiles;
  private final JdbcEvents events;
  private final JdbcIdentifiers identifiers;
  private final JdbcAttributeHistory history;
  private final JdbcIdentityLog identityLog;
  private final JdbcPrivacy.Consents consentHistory;
  private final JdbcPrivacy.Audit auditLog;
  private final JdbcPrivacy.Suppressions suppressionList;
  private final ChangedProfiles changes = new ChangedProfiles();

  /** The ports over {@code sql}'s transaction, reading through {@code cache}. */
  public JdbcSession(Sql sql, RowCache cache) {
    this.sql = sql;
    this.cache = cache;
    this.profiles = new JdbcProfiles(sql, cache, changes);
    this.events = new JdbcEvents(sql, changes);
    this.identifiers = new JdbcIdentifiers(sql, cache, changes);
    this.history = new JdbcAttributeHistory(sql);
    this.identityLog = new JdbcIdentityLog(sql, changes);
    this.consentHistory = new JdbcPrivacy.Consents(sql);
    this.auditLog = new JdbcPrivacy.Audit(sql);
    this.suppressionList = new JdbcPrivacy.Suppressions(sql);
  }

  /** The same transaction, refusing writes: for a read nested in a write on the same thread. */
  public JdbcSession readOnlyView() {
    return new JdbcSession(sql.readOnlyView(), cache);
  }

  /** The profiles this session's write changed and deleted so far. */
  public ChangedProfiles changedProfiles() {
    return changes;
  }

  /** The JDBC helper of this session's transaction. */
  public Sql sql() {
    return sql;
  }

  @Override
  public ProfileStore profiles() {
    return profiles;
  }

  @Override
  public EventStore events() {
    return events;
  }

  @Override
  public IdentityIndex identifiers() {
    return identifiers;
  }

  @Override
  public AttributeHistory attributeHistory() {
    return history;
  }

  @Override
  public IdentityLog identityLog() {
    return identityLog;
  }

  @Override
  public ConsentHistory consentHistory() {
    return consentHistory;
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public SuppressionList suppressionList() {
    return suppressionList;
  }

  @Override
  public Stream<Event> eventsOfType(String type) {
    return events.ofType(type);
  }
}
