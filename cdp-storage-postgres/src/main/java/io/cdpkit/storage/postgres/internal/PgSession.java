package io.cdpkit.storage.postgres.internal;

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
import io.cdpkit.storage.jdbc.core.RowCache;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The ports over one connection inside one transaction (a write) or snapshot (a read). Used by the
 * callback's thread only, and only until the callback returns; afterwards every method throws
 * {@link IllegalStateException}.
 */
public final class PgSession implements StorageSession {
  private final Sql sql;
  private final JdbcProfiles profiles;
  private final JdbcEvents events;
  private final JdbcIdentifiers identifiers;
  private final JdbcAttributeHistory history;
  private final JdbcIdentityLog identityLog;
  private final JdbcPrivacy.Consents consentHistory;
  private final JdbcPrivacy.Audit auditLog;
  private final JdbcPrivacy.Suppressions suppressionList;

  PgSession(Sql sql) {
    this.sql = sql;
    this.history = new JdbcAttributeHistory(sql);
    this.identityLog = new JdbcIdentityLog(sql);
    this.consentHistory = new JdbcPrivacy.Consents(sql);
    this.auditLog = new JdbcPrivacy.Audit(sql);
    this.suppressionList = new JdbcPrivacy.Suppressions(sql);
    this.events = new JdbcEvents(sql);
    this.profiles = new JdbcProfiles(sql, RowCache.none());
    this.identifiers = new JdbcIdentifiers(sql, RowCache.none());
  }

  /** The same transaction, refusing writes: for a read nested in a write on the same thread. */
  PgSession readOnlyView() {
    return new PgSession(sql.readOnlyView());
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

  /** The JDBC helper of this session's transaction. */
  Sql sql() {
    return sql;
  }

  /** Fails unless this session may write. */
  void checkWritable() {
    sql.checkWritable();
  }

  /** Runs SQL work on this session's connection, translating failures so they name {@code doing}. */
  <T> T sql(String doing, Sql.Work<T> work) {
    return sql.run(doing, work);
  }

  /** See {@link Sql#update}. */
  int update(String doing, String statement, @Nullable Object... parameters) {
    return sql.update(doing, statement, parameters);
  }

  /** See {@link Sql#list}. */
  <T> List<T> list(
      String doing, String query, Sql.RowMapper<T> mapper, @Nullable Object... parameters) {
    return sql.list(doing, query, mapper, parameters);
  }

  /** See {@link Sql#first}. */
  <T> Optional<T> first(
      String doing, String query, Sql.RowMapper<T> mapper, @Nullable Object... parameters) {
    return sql.first(doing, query, mapper, parameters);
  }

  /** See {@link Sql#number}. */
  long number(String doing, String query, @Nullable Object... parameters) {
    return sql.number(doing, query, parameters);
  }

  /** See {@link Sql#stream}. */
  <T> Stream<T> stream(
      String doing, String query, Sql.RowMapper<T> mapper, @Nullable Object... parameters) {
    return sql.stream(doing, query, mapper, parameters);
  }

  /** Ends the session: closes cursors left open by the callback. */
  void end() {
    sql.end();
  }
}
