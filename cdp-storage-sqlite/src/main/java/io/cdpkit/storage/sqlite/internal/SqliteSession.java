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
import io.cdpkit.storage.jdbc.core.JdbcEvents;
import io.cdpkit.storage.jdbc.core.JdbcIdentifiers;
import io.cdpkit.storage.jdbc.core.JdbcIdentityLog;
import io.cdpkit.storage.jdbc.core.JdbcPrivacy;
import io.cdpkit.storage.jdbc.core.JdbcProfiles;
import java.util.stream.Stream;

/**
 * The ports over one connection inside one transaction (a write) or snapshot (a read). Used by the
 * callback's thread only, and only until the callback returns; afterwards every method throws
 * {@link IllegalStateException}.
 */
final class SqliteSession implements StorageSession {
  private final Sql sql;
  private final Caches.SessionView cache;
  private final JdbcProfiles profiles;
  private final JdbcEvents events;
  private final JdbcIdentifiers identifiers;
  private final JdbcAttributeHistory history;
  private final JdbcIdentityLog identityLog;
  private final JdbcPrivacy.Consents consentHistory;
  private final JdbcPrivacy.Audit auditLog;
  private final JdbcPrivacy.Suppressions suppressionList;

  SqliteSession(Sql sql, Caches.SessionView cache) {
    this.sql = sql;
    this.history = new JdbcAttributeHistory(sql);
    this.identityLog = new JdbcIdentityLog(sql);
    this.consentHistory = new JdbcPrivacy.Consents(sql);
    this.auditLog = new JdbcPrivacy.Audit(sql);
    this.suppressionList = new JdbcPrivacy.Suppressions(sql);
    this.events = new JdbcEvents(sql);
    this.profiles = new JdbcProfiles(sql, cache);
    this.identifiers = new JdbcIdentifiers(sql, cache);
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

  /** The JDBC helper of this session's transaction. */
  Sql sql() {
    return sql;
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
