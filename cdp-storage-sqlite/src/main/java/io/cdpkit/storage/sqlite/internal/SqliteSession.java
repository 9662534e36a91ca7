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
import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.sqlite.SqliteStorageException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The ports over one connection inside one transaction (a write) or snapshot (a read). Used by the
 * callback's thread only, and only until the callback returns; afterwards every method throws
 * {@link IllegalStateException}.
 */
final class SqliteSession implements StorageSession {
  private final SqlConnection connection;
  private final SqlErrors errors;
  private final boolean writable;
  private final Caches.SessionView cache;
  private final List<Cursor<?>> cursors = new ArrayList<>();
  private final SqliteProfiles profiles = new SqliteProfiles(this);
  private final SqliteEvents events = new SqliteEvents(this);
  private final SqliteIdentifiers identifiers = new SqliteIdentifiers(this);
  private final SqliteHistory history = new SqliteHistory(this);
  private final SqliteIdentityLog identityLog = new SqliteIdentityLog(this);
  private final SqlitePrivacy.Consents consentHistory = new SqlitePrivacy.Consents(this);
  private final SqlitePrivacy.Audit auditLog = new SqlitePrivacy.Audit(this);
  private final SqlitePrivacy.Suppressions suppressionList = new SqlitePrivacy.Suppressions(this);
  private boolean ended;

  SqliteSession(
      SqlConnection connection, SqlErrors errors, boolean writable, Caches.SessionView cache) {
    this.connection = connection;
    this.errors = errors;
    this.writable = writable;
    this.cache = cache;
  }

  /** The same transaction, refusing writes: for a read nested in a write on the same thread. */
  SqliteSession readOnlyView() {
    return new SqliteSession(connection, errors, false, cache);
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
    checkActive();
    if (!writable) {
      throw new IllegalStateException(
          "this is a read-only session: use Storage.write to change data");
    }
  }

  private void checkActive() {
    if (ended) {
      throw new IllegalStateException(
          "this storage session ended when its read or write callback returned; use the session"
              + " only inside the callback");
    }
  }

  /** Runs SQL work, translating failures into store exceptions that name {@code doing}. */
  <T> T sql(String doing, SqlWork<T> work) {
    checkActive();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      connection.discardCached();
      throw errors.translate(e, doing);
    } catch (CorruptColumnException e) {
      throw errors.corrupt(e, doing);
    }
  }

  /**
   * Runs one INSERT, UPDATE or DELETE in a write session with text parameters bound in order, and
   * returns how many rows it changed.
   */
  int update(String doing, String sql, String... parameters) {
    checkWritable();
    return sql(
        doing,
        c -> {
          PreparedStatement statement = c.prepare(sql);
          for (int i = 0; i < parameters.length; i++) {
            statement.setString(i + 1, parameters[i]);
          }
          return statement.executeUpdate();
        });
  }

  /**
   * A lazily read stream over a query on its own statement: rows are fetched {@code fetchSize} at a
   * time, never all at once. The statement closes when the stream is exhausted or closed, or at the
   * latest when the session ends.
   */
  <T> Stream<T> stream(String doing, String sql, Binder binder, RowMapper<T> mapper) {
    return sql(
        doing,
        c -> {
          SqlConnection.OwnedStatement statement = c.prepareOwned(sql);
          Cursor<T> cursor = new Cursor<>(doing, statement, mapper);
          cursors.add(cursor);
          try {
            PreparedStatement prepared = statement.statement();
            binder.bind(prepared);
            prepared.setFetchSize(256);
            cursor.rows = c.query(prepared);
          } catch (SQLException | RuntimeException e) {
            cursor.closeQuietly(e);
            throw e;
          }
          return StreamSupport.stream(cursor, false).onClose(cursor::close);
        });
  }

  /** Ends the session: closes cursors left open by the callback. */
  void end() {
    ended = true;
    SqliteStorageException failure = null;
    for (Cursor<?> cursor : cursors) {
      try {
        cursor.close();
      } catch (SqliteStorageException e) {
        failure = e;
      }
    }
    cursors.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @FunctionalInterface
  interface SqlWork<T> {
    T run(SqlConnection connection) throws SQLException;
  }

  @FunctionalInterface
  interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** One open query feeding a stream. */
  private final class Cursor<T> extends Spliterators.AbstractSpliterator<T> {
    private final String doing;
    private final SqlConnection.OwnedStatement statement;
    private final RowMapper<T> mapper;
    private SqlConnection.@Nullable Rows rows;
    private boolean closed;

    Cursor(String doing, SqlConnection.OwnedStatement statement, RowMapper<T> mapper) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
      this.doing = doing;
      this.statement = statement;
      this.mapper = mapper;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      if (closed) {
        checkActive();
        return false;
      }
      T next;
      try {
        if (rows == null || !rows.next()) {
          close();
          return false;
        }
        next = mapper.map(rows.results());
      } catch (SQLException e) {
        SqliteStorageException failure = errors.translate(e, doing);
        closeQuietly(failure);
        throw failure;
      } catch (CorruptColumnException e) {
        SqliteStorageException failure = errors.corrupt(e, doing);
        closeQuietly(failure);
        throw failure;
      }
      action.accept(next);
      return true;
    }

    void close() {
      if (closed) {
        return;
      }
      closed = true;
      SQLException failure = null;
      if (rows != null) {
        try {
          rows.close();
        } catch (SQLException e) {
          failure = e;
        }
      }
      try {
        statement.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
      if (failure != null) {
        throw errors.translate(failure, "close the cursor of " + doing);
      }
    }

    void closeQuietly(Exception cause) {
      try {
        close();
      } catch (RuntimeException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
