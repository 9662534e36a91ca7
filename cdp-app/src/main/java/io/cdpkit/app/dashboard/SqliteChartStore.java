package io.cdpkit.app.dashboard;

import io.cdpkit.core.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ChartStore} in the CDPKit SQLite file itself, in a table of its own that it creates
 * with the first chart saved (opening and reading write nothing into the file):
 *
 * <pre>
 * CREATE TABLE dashboard_chart (
 *   id TEXT PRIMARY KEY,
 *   position INTEGER NOT NULL,   -- the order charts were first saved in
 *   definition TEXT NOT NULL     -- the chart as ChartJson writes it
 * )
 * </pre>
 *
 * <p>One JDBC connection on the file, used one call at a time; the store's migrations never touch
 * this table. Thread-safe.
 */
public final class SqliteChartStore implements ChartStore {
  private final Connection connection;
  private boolean tableExists;

  private SqliteChartStore(Connection connection, boolean tableExists) {
    this.connection = connection;
    this.tableExists = tableExists;
  }

  /**
   * Opens the chart table in the SQLite file; the table is created when the first chart is saved.
   *
   * @throws StorageException when the file cannot be opened
   */
  public static SqliteChartStore open(Path file) {
    Objects.requireNonNull(file, "file");
    @Nullable Connection connection = null;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA busy_timeout = 5000");
        try (ResultSet rows = statement.executeQuery(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'dashboard_chart'")) {
          return new SqliteChartStore(connection, rows.next());
        }
      }
    } catch (SQLException e) {
      closeQuietly(connection, e);
      throw new StorageException("cannot open the dashboard chart table in " + file, e);
    }
  }

  @Override
  public synchronized List<ChartDefinition> list() {
    List<ChartDefinition> charts = new ArrayList<>();
    if (!tableExists) {
      return charts;
    }
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT id, definition FROM dashboard_chart ORDER BY position, id");
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        charts.add(ChartJson.fromText(rows.getString(2), rows.getString(1)));
      }
      return charts;
    } catch (SQLException e) {
      throw new StorageException("cannot list dashboard charts", e);
    }
  }

  @Override
  public synchronized Optional<ChartDefinition> find(String id) {
    Objects.requireNonNull(id, "id");
    if (!tableExists) {
      return Optional.empty();
    }
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT definition FROM dashboard_chart WHERE id = ?")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.of(ChartJson.fromText(rows.getString(1), id)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read dashboard chart " + id, e);
    }
  }

  @Override
  public synchronized void save(ChartDefinition chart) {
    if (chart.id().isEmpty()) {
      throw new IllegalArgumentException("a stored chart needs an id");
    }
    createTable();
    try (PreparedStatement statement = connection.prepareStatement(
        "INSERT INTO dashboard_chart (id, position, definition) "
            + "VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM dashboard_chart), ?) "
            + "ON CONFLICT (id) DO UPDATE SET definition = excluded.definition")) {
      statement.setString(1, chart.id());
      statement.setString(2, ChartJson.toText(chart));
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new StorageException("cannot save dashboard chart " + chart.id(), e);
    }
  }

  @Override
  public synchronized boolean delete(String id) {
    Objects.requireNonNull(id, "id");
    if (!tableExists) {
      return false;
    }
    try (PreparedStatement statement = connection.prepareStatement("DELETE FROM dashboard_chart WHERE id = ?")) {
      statement.setString(1, id);
      return statement.executeUpdate() > 0;
    } catch (SQLException e) {
      throw new StorageException("cannot delete dashboard chart " + id, e);
    }
  }

  private void createTable() {
    if (tableExists) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS dashboard_chart ("
          + "id TEXT PRIMARY KEY, position INTEGER NOT NULL, definition TEXT NOT NULL)");
      tableExists = true;
    } catch (SQLException e) {
      throw new StorageException("cannot create the dashboard chart table", e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StorageException("cannot close the dashboard chart table", e);
    }
  }

  private static void closeQuietly(@Nullable Connection connection, SQLException cause) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
