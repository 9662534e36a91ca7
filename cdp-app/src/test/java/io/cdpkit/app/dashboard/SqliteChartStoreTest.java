package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chart table appears in the user's database only when a chart is saved. */
final class SqliteChartStoreTest {
  @TempDir Path directory;

  private static boolean hasChartTable(Path db) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + db);
        ResultSet rows = connection.createStatement().executeQuery(
            "SELECT 1 FROM sqlite_master WHERE name = 'dashboard_chart'")) {
      return rows.next();
    }
  }

  @Test
  void openingAndReading_writeNothing_savingCreatesTheTable() throws Exception {
    Path db = directory.resolve("cdp.db");
    try (SqliteChartStore store = SqliteChartStore.open(db)) {
      assertThat(store.list()).isEmpty();
      assertThat(store.find("drinks")).isEmpty();
      assertThat(store.delete("drinks")).isFalse();
      assertThat(hasChartTable(db)).isFalse();

      ChartDefinition drinks = ExampleCharts.festival().get(2);
      store.save(drinks);
      assertThat(hasChartTable(db)).isTrue();
      assertThat(store.list()).containsExactly(drinks);
    }
    try (SqliteChartStore reopened = SqliteChartStore.open(db)) {
      assertThat(reopened.find(ExampleCharts.festival().get(2).id())).isPresent();
    }
  }
}
