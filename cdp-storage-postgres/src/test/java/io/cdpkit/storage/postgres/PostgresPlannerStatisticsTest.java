package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The store gathers PostgreSQL's planner statistics as its tables grow, without waiting for autovacuum. */
final class PostgresPlannerStatisticsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  @DisplayName("a database grown from empty through the library has statistics on its events")
  void analysesGrownTables() throws SQLException {
    String url = TestPostgres.freshDatabaseUrl();
    try (PostgresStorage storage = PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
        Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
      assertThat(estimatedRows(url, "events")).isLessThanOrEqualTo(0);
      for (int p = 0; p < 100; p++) {
        String email = "person" + p + "@example.com";
        cdp.identify(Identify.builder().email(email).build());
        List<Track> tracks = new ArrayList<>();
        for (int e = 0; e < 30; e++) {
          tracks.add(Track.builder("type" + (e % 5)).identifier("email", email)
              .property("text", "x".repeat(100)).timestamp(NOW.minusSeconds(e)).build());
        }
        cdp.trackAll(tracks);
      }
      assertThat(estimatedRows(url, "events")).isGreaterThan(0);
    }
  }

  /** The planner's row estimate for the table: -1 (or 0) until it is analysed. */
  private static double estimatedRows(String url, String table) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT reltuples FROM pg_class WHERE relname = '" + table + "'")) {
      rows.next();
      return rows.getDouble(1);
    }
  }
}
