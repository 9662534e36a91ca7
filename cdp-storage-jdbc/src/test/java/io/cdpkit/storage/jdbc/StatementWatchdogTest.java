package io.cdpkit.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watchdog stops a running query once its time is up, and never a finished one. */
final class StatementWatchdogTest {
  /** Counts to two billion: minutes of work, unless stopped. */
  private static final String ENDLESS = "WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1"
      + " FROM r WHERE x < 2000000000) SELECT count(*) FROM r";

  private final Connection connection = open();

  private static Connection open() {
    try {
      return DriverManager.getConnection("jdbc:sqlite::memory:");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test
  @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aQueryPastItsLimit_isCancelled_andTheWatchdogSaysSo() throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(ENDLESS)) {
      StatementWatchdog watchdog = StatementWatchdog.watch(statement, Duration.ofMillis(200));
      try (watchdog) {
        assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class)
            .hasMessageContaining("interrupt");
      }
      assertThat(watchdog.fired()).isTrue();
    }
    assertThat(count("SELECT 42")).isEqualTo(42);
  }

  @Test
  void aQueryWithinItsLimit_orWithNone_runsToTheEnd() throws SQLException, InterruptedException {
    count("SELECT 1");
    try (PreparedStatement statement = connection.prepareStatement("SELECT 7")) {
      StatementWatchdog watchdog = StatementWatchdog.watch(statement, Duration.ofSeconds(1));
      try (watchdog; ResultSet rows = statement.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(7);
      }
      Thread.sleep(1_200);
      assertThat(watchdog.fired()).as("closed before its time: never fires").isFalse();
    }
    try (PreparedStatement statement = connection.prepareStatement("SELECT 8");
        StatementWatchdog unlimited = StatementWatchdog.watch(statement, null);
        ResultSet rows = statement.executeQuery()) {
      assertThat(rows.next()).isTrue();
      assertThat(unlimited.fired()).isFalse();
    }
  }

  private long count(String sql) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
