package io.cdpkit.storage.jdbc;

import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.storage.jdbc.core.JdbcSession;
import io.cdpkit.storage.jdbc.core.RowCache;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * One in-memory SQLite connection as a {@link JdbcDatabase} for this module's own tests: each read
 * or write is a {@link Sql} over it (writes in a transaction rolled back on failure), failures
 * become {@link Failed} naming what was being done. The module ports are not there.
 */
final class TestSqlite implements JdbcDatabase, AutoCloseable {
  /** The exception the test dialect turns a failure into. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  static final JdbcDialect DIALECT = new JdbcDialect("test store", false, "") {
    @Override
    public String profileSearch(String columns) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String profilesByAttribute(String columns, boolean descending) {
      throw new UnsupportedOperationException();
    }

    @Override
    public RuntimeException translate(SQLException e, String doing) {
      return new Failed("could not " + doing + ": " + e.getMessage(), e);
    }

    @Override
    public RuntimeException corrupt(CorruptColumnException e, String doing) {
      return new Failed("corrupt while " + doing + ": " + e.getMessage(), e);
    }
  };

  final SqlConnection connection;

  TestSqlite() throws SQLException {
    connection = new SqlConnection(DriverManager.getConnection("jdbc:sqlite::memory:"));
  }

  /** A helper for one transaction; end it when done. */
  Sql sql(boolean writable) {
    return new Sql(connection, DIALECT, writable);
  }

  @Override
  public <T> T read(Function<? super StorageSession, T> work) {
    Sql sql = sql(false);
    try {
      return work.apply(session(sql));
    } finally {
      sql.end();
    }
  }

  @Override
  public <T> T write(Function<? super StorageSession, T> work) {
    Sql sql = sql(true);
    try {
      connection.jdbc().setAutoCommit(false);
      T result = work.apply(session(sql));
      connection.jdbc().commit();
      return result;
    } catch (SQLException e) {
      throw DIALECT.translate(e, "commit");
    } catch (RuntimeException e) {
      try {
        connection.jdbc().rollback();
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    } finally {
      sql.end();
      try {
        connection.jdbc().setAutoCommit(true);
      } catch (SQLException e) {
        throw DIALECT.translate(e, "end the transaction");
      }
    }
  }

  private static JdbcSession session(Sql sql) {
    return new JdbcSession(sql, RowCache.none());
  }

  @Override
  public GroupStore groupStore() {
    throw new UnsupportedOperationException();
  }

  @Override
  public JdbcDialect dialect() {
    return DIALECT;
  }

  @Override
  public String name() {
    return "test store";
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw DIALECT.translate(e, "close");
    }
  }
}
