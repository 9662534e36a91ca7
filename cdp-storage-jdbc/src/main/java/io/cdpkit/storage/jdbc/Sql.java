package io.cdpkit.storage.jdbc;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The JDBC idiom of CDPKit's stores, over one connection inside one transaction: queries and
 * updates with parameters bound in order, each naming what it does so that a failure becomes the
 * store's exception saying so. Used by the transaction's thread only, and only until the
 * transaction ends; afterwards every method throws {@link IllegalStateException}.
 */
public final class Sql {
  private final SqlConnection connection;
  private final JdbcDialect dialect;
  private final boolean writable;
  private final List<Cursor<?>> cursors;
  private boolean ended;

  /** A helper for one transaction on {@code connection}; {@code writable} for a write. */
  public Sql(SqlConnection connection, JdbcDialect dialect, boolean writable) {
    this(connection, dialect, writable, new ArrayList<>());
  }

  private Sql(
      SqlConnection connection, JdbcDialect dialect, boolean writable, List<Cursor<?>> cursors) {
    this.connection = connection;
    this.dialect = dialect;
    this.writable = writable;
    this.cursors = cursors;
  }

  /** The same transaction, refusing writes: for a read nested in a write on the same thread. */
  public Sql readOnlyView() {
    return new Sql(connection, dialect, false, new ArrayList<>());
  }

  public JdbcDialect dialect() {
    return dialect;
  }

  /** Fails unless this transaction may write. */
  public void checkWritable() {
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

  /** Runs JDBC work, turning failures into the store's exceptions that name {@code doing}. */
  public <T> T run(String doing, Work<T> work) {
    checkActive();
    try {
      return work.run(connection);
    } catch (SQLException e) {
      connection.discardCached();
      throw dialect.translate(e, doing);
    } catch (CorruptColumnException e) {
      throw dialect.corrupt(e, doing);
    }
  }

  /** Runs one INSERT, UPDATE or DELETE in a write and returns how many rows it changed. */
  public int update(String doing, String sql, @Nullable Object... parameters) {
    checkWritable();
    return run(doing, c -> {
      PreparedStatement statement = c.prepare(sql);
      bind(statement, parameters);
      return statement.executeUpdate();
    });
  }

  /**
   * Runs one INSERT, UPDATE or DELETE once per parameter row, sent as one JDBC batch (one round
   * trip where the driver allows), and returns how many rows it changed in all, counting a row the
   * driver reports only as done as one.
   */
  public int batch(String doing, String sql, List<@Nullable Object[]> rows) {
    int changed = 0;
    for (int count : batchCounts(doing, sql, rows)) {
      changed += count == Statement.SUCCESS_NO_INFO ? 1 : Math.max(count, 0);
    }
    return changed;
  }

  /** {@link #batch}, answering the driver's count of changed rows for each parameter row. */
  public int[] batchCounts(String doing, String sql, List<@Nullable Object[]> rows) {
    checkWritable();
    if (rows.isEmpty()) {
      return new int[0];
    }
    return run(
        doing,
        c -> {
          PreparedStatement statement = c.prepare(sql);
          try {
            for (@Nullable Object[] parameters : rows) {
              bind(statement, parameters);
              statement.addBatch();
            }
          } catch (RuntimeException e) {
            statement.clearBatch();  // the statement is cached: leave no half-built batch in it
            throw e;
          }
          return statement.executeBatch();
        });
  }

  /**
   * {@link #batch} with one parameter row per item, answering the items whose statement changed a
   * row, in order.
   */
  public <T> List<T> batchChanged(String doing, String sql, List<T> items,
      Function<? super T, @Nullable Object[]> parameters) {
    int[] counts = batchCounts(doing, sql, items.stream().map(parameters).toList());
    List<T> changed = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        changed.add(items.get(i));
      }
    }
    return changed;
  }

  /** Every row of a query, mapped. */
  public <T> List<T> list(
      String doing, String sql, RowMapper<T> mapper, @Nullable Object... parameters) {
    return query(doing, sql, parameters, rows -> {
      List<T> mapped = new ArrayList<>();
      while (rows.next()) {
        mapped.add(mapper.map(rows.results()));
      }
      return mapped;
    });
  }

  /** The first row of a query, mapped; empty when there is none. */
  public <T> Optional<T> first(
      String doing, String sql, RowMapper<T> mapper, @Nullable Object... parameters) {
    return query(doing, sql, parameters,
        rows -> rows.next() ? Optional.of(mapper.map(rows.results())) : Optional.empty());
  }

  private <R> R query(String doing, String sql, @Nullable Object[] parameters, Reader<R> reader) {
    return run(doing, c -> {
      PreparedStatement statement = c.prepare(sql);
      bind(statement, parameters);
      try (SqlConnection.Rows rows = c.query(statement)) {
        return reader.read(rows);
      }
    });
  }

  /** The first column of the first row as a long; 0 when there is no row or it is NULL. */
  public long number(String doing, String sql, @Nullable Object... parameters) {
    return first(doing, sql, rows -> rows.getLong(1), parameters).orElse(0L);
  }

  /**
   * A lazily read stream over a query on its own statement: rows are fetched 256 at a time, never
   * all at once. The statement closes when the stream is exhausted or closed, or at the latest
   * when the transaction ends.
   */
  public <T> Stream<T> stream(
      String doing, String sql, RowMapper<T> mapper, @Nullable Object... parameters) {
    return run(
        doing,
        c -> {
          SqlConnection.OwnedStatement statement = c.prepareOwned(sql);
          Cursor<T> cursor = new Cursor<>(doing, statement, mapper);
          cursors.add(cursor);
          try {
            PreparedStatement prepared = statement.statement();
            bind(prepared, parameters);
            prepared.setFetchSize(256);
            cursor.rows = c.query(prepared);
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
  public static void bind(PreparedStatement statement, @Nullable Object... parameters)
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

  /** {@code limit} when it is at least 1, as a limit on rows must be. */
  public static int positive(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    return limit;
  }

  /** Ends the transaction's use of this helper: closes cursors left open. */
  public void end() {
    ended = true;
    RuntimeException failure = null;
    for (Cursor<?> cursor : cursors) {
      try {
        cursor.close();
      } catch (RuntimeException e) {
        failure = e;
      }
    }
    cursors.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** JDBC work on the transaction's connection. */
  @FunctionalInterface
  public interface Work<T> {
    T run(SqlConnection connection) throws SQLException;
  }

  /** Reads one row of a result set (positioned on it) into a value. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  /** Reads the rows of a query. */
  private interface Reader<R> {
    R read(SqlConnection.Rows rows) throws SQLException;
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
      } catch (SQLException | CorruptColumnException e) {
        RuntimeException failure = e instanceof SQLException sql
            ? dialect.translate(sql, doing)
            : dialect.corrupt((CorruptColumnException) e, doing);
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
      SqlConnection.Rows open = rows;
      try (statement; open) {
        // Closes the rows, then the statement.
      } catch (SQLException e) {
        throw dialect.translate(e, "close the cursor of " + doing);
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
