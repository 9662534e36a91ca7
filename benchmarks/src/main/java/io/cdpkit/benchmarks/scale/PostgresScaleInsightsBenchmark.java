package io.cdpkit.benchmarks.scale;

import io.cdpkit.benchmarks.postgres.BenchmarkServer;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link ScaleInsightsBenchmark} on the {@link PostgresScaleDataset} database: the store's insights
 * through {@code CdpPlatform.insights()} (what {@code cdp insights events} and the dashboard call)
 * against the same numbers written by hand with {@code jsonb} operators on a plain JDBC
 * connection. Setup checks that both give the same totals.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PostgresScaleInsightsBenchmark -f 1 -wi 1 -i 3}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PostgresScaleInsightsBenchmark {
  private static final long DAY = 86_400_000_000_000L;
  private static final long NOW = ScaleDataset.NOW.getEpochSecond() * 1_000_000_000L;
  private static final String SUMMARY = "SELECT count(*), count(DISTINCT profile_id), min(ts), max(ts)"
      + " FROM events WHERE type = 'purchase'";
  private static final String TOP = "SELECT properties ->> 'category' v, count(*) n"
      + " FROM events WHERE type = 'purchase' GROUP BY v ORDER BY n DESC, v LIMIT 5";
  private static final String DAILY = "SELECT (ts - ?) / " + DAY + " d, count(*) FROM events"
      + " WHERE type = 'purchase' AND ts >= ? AND ts < ? GROUP BY d";
  private static final YearMonth FIRST_MONTH = YearMonth.of(2025, 5);
  private static final YearMonth LAST_MONTH = YearMonth.from(ScaleDataset.NOW.atZone(ZoneOffset.UTC));
  /** Monthly active users by hand: each month's distinct active profiles, known or not. */
  private static final String MONTHLY = "SELECT m, count(*), count(*) FILTER (WHERE EXISTS"
      + " (SELECT 1 FROM identifiers i WHERE i.profile_id = a.profile_id"
      + " AND i.type <> 'anonymous_id')) FROM (SELECT DISTINCT"
      + " to_char(to_timestamp(ts / 1000000000) AT TIME ZONE 'UTC', 'YYYY-MM') AS m, profile_id"
      + " FROM events WHERE type NOT IN ('consent', 'reachability', 'list_subscription',"
      + " 'compliance', 'campaign_sent') AND ts >= ? AND ts < ?) a GROUP BY m";

  private BenchmarkServer server;
  private CdpPlatform platform;
  private Connection jdbc;
  private SeriesQuery daily;

  @Setup
  public void setUp() throws SQLException {
    server = PostgresScaleDataset.start();
    String url = server.url(PostgresScaleDataset.DATABASE);
    platform = CdpPlatform.builder()
        .storage(PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2)))
        .clock(Clock.fixed(ScaleDataset.NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC).build();
    jdbc = DriverManager.getConnection(url);
    daily = SeriesQuery.builder("purchases", Interval.DAY).zone(ZoneOffset.UTC)
        .last(90, ScaleDataset.NOW).eventType("purchase").build();
    check("insights count", eventInsights().count(), handEventInsights()[0]);
    check("active users", monthlyActiveUsers().stream().mapToLong(ActiveUsers::total).sum(),
        handMonthlyActiveUsers());
    check("daily purchases",
        dailySeries().buckets().stream().mapToLong(b -> b.value().longValueExact()).sum(),
        handDailySeries());
  }

  private static void check(String what, long store, long hand) {
    System.out.printf("%n%s: store %,d, hand-written %,d%n", what, store, hand);
    if (store != hand) {
      throw new IllegalStateException(what + ": store " + store + " differs from hand-written " + hand);
    }
  }

  @TearDown
  public void tearDown() throws SQLException {
    jdbc.close();
    platform.close();
    server.close();
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
    long top = 0;
    try (PreparedStatement statement = jdbc.prepareStatement(TOP);
        ResultSet rows = statement.executeQuery()) {
      while (rows.next()) {
        top += rows.getLong(2);
      }
    }
    return new long[] {count, top};
  }

  /** The dashboard's monthly active users chart. */
  @Benchmark
  public List<ActiveUsers> monthlyActiveUsers() {
    return platform.insights().activeUsers(FIRST_MONTH, LAST_MONTH);
  }

  @Benchmark
  public long handMonthlyActiveUsers() throws SQLException {
    long total = 0;
    try (PreparedStatement statement = jdbc.prepareStatement(MONTHLY)) {
      statement.setLong(1, FIRST_MONTH.atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L);
      statement.setLong(2,
          LAST_MONTH.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond() * 1_000_000_000L);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          total += rows.getLong(2);
        }
      }
    }
    return total;
  }

  /** A dashboard chart: purchases per day over the last 90 days. */
  @Benchmark
  public Series dailySeries() {
    return platform.insights().series(daily);
  }

  @Benchmark
  public long handDailySeries() throws SQLException {
    long start = NOW - DAY / 2 - 89 * DAY;
    long total = 0;
    try (PreparedStatement statement = jdbc.prepareStatement(DAILY)) {
      statement.setLong(1, start);
      statement.setLong(2, start);
      statement.setLong(3, start + 90 * DAY);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          total += rows.getLong(2);
        }
      }
    }
    return total;
  }
}
