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
import io.cdpkit.storage.jdbc.CorruptColumnException;
import io.cdpkit.storage.postgres.PostgresStorageException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
public final class PgSession implements StorageSession {
  private final Connection connection;
  private final SqlFailures failures;
  private final boolean writable;
  private final List<Cursor<?>> cursors = new ArrayList<>();
  private final PgProfiles profiles = new PgProfiles(this);
  private final PgEvents events = new PgEvents(this);
  private final PgIdentifiers identifiers = new PgIdentifiers(this);
  private final PgHistory history = new PgHistory(this);
  private final PgIdentityLog identityLog = new PgIdentityLog(this);
  private final PgPrivacy.Consents consentHistory = new PgPrivacy.Consents(this);
  private final PgPrivacy.Audit auditLog = new PgPrivacy.Audit(this);
  private final PgPrivacy.Suppressions suppressionList = new PgPrivacy.Suppressions(this);
  private boolean ended;

  PgSession(Connection connection, SqlFailures failures, boolean writable) {
    this.connection = connection;
    this.failures = failures;
    this.writable = writable;
  }

  /** The same transaction, refusing writes: for a read nested in a write on the same thread. */
  PgSession readOnlyView() {
    return new PgSession(connection, failures, false);
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

  /** Runs SQL work on this session's connection, translating failures so they name {@code doing}. */
  <T> T sql(String doing, SqlWork<T> work) {
    checkActive();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw failures.translate(e, doing);
    } catch (CorruptColumnException e) {
      throw failures.corrupt(e, doing);
    }
  }

  /**
   * Runs one INSERT, UPDATE or DELETE in a write session with parameters bound in order (see
   * {@link #bind}) and returns how many rows it changed.
   */
  int update(String doing, String sql, @Nullable Object... parameters) {
    checkWritable();
    return sql(
        doing,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            return statement.executeUpdate();
          }
        });
  }

  /** Every row of a query, mapped. */
  <T> List<T> list(String doing, String sql, RowMapper<T> mapper, @Nullable Object... parameters) {
    return sql(
        doing,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
              List<T> mapped = new ArrayList<>();
              while (rows.next()) {
                mapped.add(mapper.map(rows));
              }
              return mapped;
            }
          }
        });
  }

  /** The first row of a query, mapped; empty when there is none. */
  <T> Optional<T> first(
      String doing, String sql, RowMapper<T> mapper, @Nullable Object... parameters) {
    return sql(
        doing,
        c -> {
          try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next() ? Optional.of(mapper.map(rows)) : Optional.empty();
            }
          }
        });
  }

  /** The first column of the first row as a long; 0 when there is no row or it is NULL. */
  long number(String doing, String sql, @Nullable Object... parameters) {
    return first(doing, sql, rows -> rows.getLong(1), parameters).orElse(0L);
  }

  /**
   * A lazily read stream over a query on its own statement: rows are fetched 256 at a time through
   * a server-side cursor, never all at once. The statement closes when the stream is exhausted or
   * closed, or at the latest when the session ends.
   */
  <T> Stream<T> stream(
      String doing, String sql, RowMapper<T> mapper, @Nullable Object... parameters) {
    return sql(
        doing,
        c -> {
          PreparedStatement statement = c.prepareStatement(sql);
          Cursor<T> cursor = new Cursor<>(doing, statement, mapper);
          cursors.add(cursor);
          try {
            bind(statement, parameters);
            statement.setFetchSize(256);
            cursor.rows = statement.executeQuery();
          } catch (SQLException | RuntimeException e) {
            cursor.closeQuietly(e);
            throw e;
          }
          return StreamSupport.stream(cursor, false).onClose(cursor::close);
        });
  }

  /**
   * Binds parameters in order: String, Long, Integer, Boolean, BigDecimal and byte[] as
   * themselves, null as an SQL NULL of unknown type (cast it in the SQL where the type matters).
   */
  static void bind(PreparedStatement statement, @Nullable Object... parameters)
      throws SQLException {
    for (int i = 0; i < parameters.length; i++) {
      Object p = parameters[i];
      if (p == null) {
        statement.setNull(i + 1, Types.NULL);
      } else if (p instanceof String || p instanceof Long || p instanceof Integer
          || p instanceof Boolean || p instanceof BigDecimal || p instanceof byte[]) {
        statement.setObject(i + 1, p);
      } else {
        throw new IllegalArgumentException("cannot bind a " + p.getClass().getName());
      }
    }
  }

  /** Ends the session: closes cursors left open by the callback. */
  void end() {
    ended = true;
    PostgresStorageException failure = null;
    for (Cursor<?> cursor : cursors) {
      try {
        cursor.close();
      } catch (PostgresStorageException e) {
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
    T run(Connection connection) throws SQLException;
  }

  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** One open query feeding a stream. */
  private final class Cursor<T> extends Spliterators.AbstractSpliterator<T> {
    private final String doing;
    private final PreparedStatement statement;
    private final RowMapper<T> mapper;
    private @Nullable ResultSet rows;
    private boolean closed;

    Cursor(String doing, PreparedStatement statement, RowMapper<T> mapper) {
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
        next = mapper.map(rows);
      } catch (SQLException e) {
        PostgresStorageException failure = failures.translate(e, doing);
        closeQuietly(failure);
        throw failure;
      } catch (CorruptColumnException e) {
        PostgresStorageException failure = failures.corrupt(e, doing);
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
      try {
        statement.close(); // closes the rows too
      } catch (SQLException e) {
        throw failures.translate(e, "close the cursor of " + doing);
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
