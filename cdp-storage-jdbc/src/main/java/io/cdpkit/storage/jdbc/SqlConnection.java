package io.cdpkit.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * One JDBC connection with a cache of prepared statements and a count of what callers opened and
 * have not closed yet. Statements prepared with {@link #prepare} are reused for the connection's
 * life; statements from {@link #prepareOwned} and every result set from {@link #query} are owned by
 * the caller, counted, and must be closed (the leak check asserts the counts return to zero).
 *
 * <p>A store that keeps a connection (SQLite) keeps the wrapper for the connection's life; a store
 * that borrows one from a pool per transaction (PostgreSQL) wraps it for the transaction and calls
 * {@link #closeStatements()} before returning it.
 *
 * <p>Used by one thread at a time: the store's transaction runner hands it out.
 */
public final class SqlConnection implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private int openStatements;
  private int openResults;

  public SqlConnection(Connection connection) {
    this.connection = connection;
  }

  /** A cached statement for {@code sql}; do not close it. */
  public PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /**
   * Closes every cached statement, after a failure: the driver may leave a statement that failed
   * unusable ("statement is not executing"), so the next use prepares afresh.
   */
  public void discardCached() {
    try {
      closeStatements();
    } catch (SQLException e) {
      // Closing after a failure: the statement is gone either way.
    }
  }

  /** A new statement the caller closes (for cursors that outlive one call). */
  public OwnedStatement prepareOwned(String sql) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    openStatements++;
    return new OwnedStatement(statement);
  }

  /** Executes a query; the caller closes the rows. */
  public Rows query(PreparedStatement statement) throws SQLException {
    ResultSet results = statement.executeQuery();
    openResults++;
    return new Rows(results);
  }

  /** Runs one or more statements without parameters. */
  public void execute(String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.executeUpdate(sql);
    }
  }

  /** The first column of the first row of a parameterless query, as a long. */
  public long queryLong(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      return results.next() ? results.getLong(1) : 0;
    }
  }

  /** The first column of the first row of a parameterless query, as text; empty when none. */
  public String queryText(String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet results = statement.executeQuery(sql)) {
      String text = results.next() ? results.getString(1) : null;
      return text == null ? "" : text;
    }
  }

  /** The JDBC connection itself, for what the methods here do not cover. */
  public Connection jdbc() {
    return connection;
  }

  /** Statements and result sets handed out and not closed yet. */
  public int openResources() {
    return openStatements + openResults;
  }

  public boolean isClosed() {
    try {
      return connection.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  /** Closes the cached statements, keeping the connection open. */
  public void closeStatements() throws SQLException {
    SQLException failure = null;
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = e;
      }
    }
    statements.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes the cached statements and the connection. */
  @Override
  public void close() throws SQLException {
    try (connection) {
      closeStatements();
    }
  }

  /** A result set counted by its connection until closed. Closing twice is harmless. */
  public final class Rows implements AutoCloseable {
    private final ResultSet results;
    private boolean closed;

    private Rows(ResultSet results) {
      this.results = results;
    }

    public ResultSet results() {
      return results;
    }

    public boolean next() throws SQLException {
      return results.next();
    }

    @Override
    public void close() throws SQLException {
      if (!closed) {
        closed = true;
        openResults--;
        results.close();
      }
    }
  }

  /** A statement counted by its connection until closed. Closing twice is harmless. */
  public final class OwnedStatement implements AutoCloseable {
    private final PreparedStatement statement;
    private boolean closed;

    private OwnedStatement(PreparedStatement statement) {
      this.statement = statement;
    }

    public PreparedStatement statement() {
      return statement;
    }

    @Override
    public void close() throws SQLException {
      if (!closed) {
        closed = true;
        openStatements--;
        statement.close();
      }
    }
  }
}
