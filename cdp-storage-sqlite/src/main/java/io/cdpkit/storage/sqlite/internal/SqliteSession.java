package io.cdpkit.storage.sqlite.internal;

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
import io.cdpkit.storage.jdbc.core.JdbcAttributeHistory;
import io.cdpkit.storage.jdbc.core.JdbcIdentityLog;
import java.util.stream.Stream;

/**
 * The ports over one connection inside one transaction (a write) or snapshot (a read). Used by the
 * callback's thread only, and only until the callback returns; afterwards every method throws
 * {@link IllegalStateException}.
 */
final class SqliteSession implements StorageSession {
  private final Sql sql;
  private final Caches.SessionView cache;
  private final SqliteProfiles profiles = new SqliteProfiles(this);
  private final SqliteEvents events = new SqliteEvents(this);
  private final SqliteIdentifiers identifiers = new SqliteIdentifiers(this);
  private final JdbcAttributeHistory history;
  private final JdbcIdentityLog identityLog;
  private final SqlitePrivacy.Consents consentHistory = new SqlitePrivacy.Consents(this);
  private final SqlitePrivacy.Audit auditLog = new SqlitePrivacy.Audit(this);
  private final SqlitePrivacy.Suppressions suppressionList = new SqlitePrivacy.Suppressions(this);

  SqliteSession(Sql sql, Caches.SessionView cache) {
    this.sql = sql;
    this.history = new JdbcAttributeHistory(sql);
    this.identityLog = new JdbcIdentityLog(sql);
    this.cache = cache;
  }

  /** The same transaction, refusing writes: for a read nested in a write on the same thread. */
  SqliteSession readOnlyView() {
    return new SqliteSession(sql.readOnlyView(), cache);
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

  Caches.SessionView cache() {
    return cache;
  }

  /** Fails unless this session may write. */
  void checkWritable() {
    sql.checkWritable();
  }

  /** Runs SQL work, translating failures into store exceptions that name {@code doing}. */
  <T> T sql(String doing, Sql.Work<T> work) {
    return sql.run(doing, work);
  }

  /**
   * Runs one INSERT, UPDATE or DELETE in a write session with parameters bound in order, and
   * returns how many rows it changed.
   */
  int update(String doing, String statement, String... parameters) {
    return sql.update(doing, statement, (Object[]) parameters);
  }

  /** A lazily read stream over a query; see {@link Sql#stream}. */
  <T> Stream<T> stream(String doing, String query, Sql.RowMapper<T> mapper, String... parameters) {
    return sql.stream(doing, query, mapper, (Object[]) parameters);
  }

  /** Ends the session: closes cursors left open by the callback. */
  void end() {
    sql.end();
  }
}
