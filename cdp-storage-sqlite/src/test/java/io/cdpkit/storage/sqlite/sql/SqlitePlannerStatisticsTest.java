package io.cdpkit.storage.sqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.segments.JdbcSegmentQueries;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store keeps SQLite's planner statistics without a manual step: a file grown from empty
 * through the library is queried through the profile's events, not by scanning an event type
 * once per profile (which made a count over 10,000 people take minutes).
 */
class SqlitePlannerStatisticsTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<String> TYPES =
      List.of("page_view", "click", "add_to_cart", "purchase", "signup");

  @TempDir Path dir;

  @Test
  @DisplayName("a file grown through the library reads a profile's events by profile, not by type")
  void plansReadEventsByProfile() throws SQLException {
    Path file = dir.resolve("cdp.db");
    try (SqliteStorage storage = SqliteStorage.open(file);
        Connection early = DriverManager.getConnection("jdbc:sqlite:" + file);
        Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
      for (int p = 0; p < 200; p++) {
        String email = "person" + p + "@example.com";
        cdp.identify(Identify.builder().email(email).build());
        List<Track> tracks = new ArrayList<>();
        for (int e = 0; e < 20; e++) {
          tracks.add(Track.builder(TYPES.get((p + e * e) % TYPES.size()))
              .identifier("email", email)
              .timestamp(NOW.minusSeconds(60L * (p * 20 + e)))
              .build());
        }
        cdp.trackAll(tracks);
      }
      // The per-profile count the compiler wrote when the issue was found; it still writes it
      // for event conditions that read the profile.
      String count = "SELECT count(*) FROM profiles p WHERE (SELECT count(*) FROM events e"
          + " WHERE e.profile_id = p.id AND e.type = 'purchase') >= 3";
      assertThat(plan(early, count))
          .as("a connection opened on the empty file, like the store's readers")
          .contains("events_by_profile")
          .doesNotContain("events_by_type");
      try (Connection fresh = DriverManager.getConnection("jdbc:sqlite:" + file)) {
        assertThat(plan(fresh, count)).contains("events_by_profile").doesNotContain("events_by_type");
      }
      // The compiler now asks for the set of profiles with enough events of the type, once.
      String where = ((JdbcSegmentQueries) storage.segmentQueries()).explainSql(new SegmentQuery(
          SegmentExpression.parse("event \"purchase\" at least 3").expr(),
          EvaluationContext.builder(NOW).build(), name -> Optional.empty(),
          storage.groupStore())).orElseThrow();
      assertThat(plan(early, "SELECT count(*) FROM profiles p WHERE " + where))
          .contains("LIST SUBQUERY", "events_by_type")
          .doesNotContain("CORRELATED");
    }
  }

  /** The query plan on the connection, after a query that makes it check the schema's version. */
  private static String plan(Connection connection, String sql) throws SQLException {
    try (PreparedStatement touch = connection.prepareStatement("SELECT count(*) FROM profiles");
        ResultSet rows = touch.executeQuery()) {
      rows.next();
    }
    try (PreparedStatement statement = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
      StringBuilder plan = new StringBuilder();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          plan.append(rows.getString(4)).append('\n');
        }
      }
      return plan.toString();
    }
  }
}
