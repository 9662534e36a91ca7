package io.cdpkit.benchmarks.scale;

import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The insights of the {@link ScaleDataset} data through {@code CdpPlatform.insights()} (what
 * {@code cdp insights events} and the dashboard's charts call), each beside the same numbers
 * written by hand on a plain JDBC connection: {@code eventInsights} is {@code insights events
 * purchase --property category --top 5}, {@code dailySeries} a chart of purchases per day over 90
 * days, {@code monthlyActiveUsers} the dashboard's active users per month since the first profile.
 * A store's benchmark opens both, gives the SQL its database writes differently, and calls {@link
 * #start}, which checks that both sides give the same totals.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
abstract class InsightsAgainstHandSql {
  private static final long DAY = 86_400_000_000_000L;
  private static final long NOW = ScaleDataset.NOW.getEpochSecond() * 1_000_000_000L;
  private static final String SUMMARY = "SELECT count(*), count(DISTINCT profile_id), min(ts), max(ts)"
      + " FROM events WHERE type = 'purchase'";
  private static final String DAILY = "SELECT (ts - ?) / " + DAY + " d, count(*) FROM events"
      + " WHERE type = 'purchase' AND ts >= ? AND ts < ? GROUP BY d";
  /** The months of the dashboard's default chart: from the first profile's to now's. */
  private static final YearMonth FIRST_MONTH = YearMonth.of(2025, 5);
  private static final YearMonth LAST_MONTH = YearMonth.from(ScaleDataset.NOW.atZone(ZoneOffset.UTC));
  /** The event types that do not make a profile active, for the hand-written query. */
  static final String INACTIVE_TYPES =
      "('consent', 'reachability', 'list_subscription', 'compliance', 'campaign_sent')";

  private CdpPlatform platform;
  private Connection jdbc;
  private final SeriesQuery daily = SeriesQuery.builder("purchases", Interval.DAY)
      .zone(ZoneOffset.UTC).last(90, ScaleDataset.NOW).eventType("purchase").build();

  /** The five most frequent purchase categories: {@code v, n} per row. */
  abstract String topCategoriesSql();

  /**
   * Each month's distinct active profiles from the first month's start (parameter 1) to the end of
   * the last (parameter 2): {@code month, total, known} per row.
   */
  abstract String monthlyActiveSql();

  /** Keeps the platform and connection, and checks that both sides agree on every total. */
  void start(CdpPlatform platform, Connection jdbc) throws SQLException {
    this.platform = platform;
    this.jdbc = jdbc;
    check("insights count", eventInsights().count(), handEventInsights()[0]);
    check("active users", monthlyActiveUsers().stream().mapToLong(ActiveUsers::total).sum(),
        handMonthlyActiveUsers());
    check("daily purchases",
        dailySeries().buckets().stream().mapToLong(b -> b.value().longValueExact()).sum(),
        handDailySeries());
  }

  /** Closes the platform and the connection. */
  void stop() throws SQLException {
    jdbc.close();
    platform.close();
  }

  private static void check(String what, long store, long hand) {
    System.out.printf("%n%s: store %,d, hand-written %,d%n", what, store, hand);
    if (store != hand) {
      throw new IllegalStateException(what + ": store " + store + " differs from hand-written " + hand);
    }
  }

  @Benchmark
  public EventInsights eventInsights() {
    return platform.insights().events("purchase", "category", 5);
  }

  @Benchmark
  public long[] handEventInsights() throws SQLException {
    long count;
    try (PreparedStatement statement = jdbc.prepareStatement(SUMMARY);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      count = rows.getLong(1);
    }
    return new long[] {count, sumOfColumn2(topCategoriesSql())};
  }

  /** The dashboard's monthly active users chart. */
  @Benchmark
  public List<ActiveUsers> monthlyActiveUsers() {
    return platform.insights().activeUsers(FIRST_MONTH, LAST_MONTH);
  }

  @Benchmark
  public long handMonthlyActiveUsers() throws SQLException {
    return sumOfColumn2(monthlyActiveSql(), nanos(FIRST_MONTH), nanos(LAST_MONTH.plusMonths(1)));
  }

  /** A dashboard chart: purchases per day over the last 90 days. */
  @Benchmark
  public Series dailySeries() {
    return platform.insights().series(daily);
  }

  @Benchmark
  public long handDailySeries() throws SQLException {
    long start = NOW - DAY / 2 - 89 * DAY;
    return sumOfColumn2(DAILY, start, start, start + 90 * DAY);
  }

  private static long nanos(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L;
  }

  private long sumOfColumn2(String sql, long... parameters) throws SQLException {
    long total = 0;
    try (PreparedStatement statement = jdbc.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setLong(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          total += rows.getLong(2);
        }
      }
    }
    return total;
  }
}
