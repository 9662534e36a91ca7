package io.cdpkit.benchmarks.scale;

import io.cdpkit.benchmarks.postgres.BenchmarkServer;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.segments.JdbcSegmentQueries;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The eight segment shapes of {@link ScaleQueryBenchmark} on the {@link PostgresScaleDataset}
 * database: {@code compiled} is what {@code cdp segment count} runs ({@code
 * Segments.countMatching}: parse, compile, run the store's SQL, or, where the PostgreSQL compiler
 * answers empty, the Java evaluator over every profile; setup prints which), {@code handWritten} the same question written by hand with {@code jsonb}
 * operators on a plain JDBC connection (for this data: one consent record per profile at most).
 * Setup checks that both give the same count. Nobody runs ANALYZE: the statistics are autovacuum's.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PostgresScaleQueryBenchmark -f 1 -wi 1 -i 3};
 * or, for the server's own execution time of both queries ({@code EXPLAIN ANALYZE}, which the
 * client and other processes disturb less than wall time), {@code java -cp
 * benchmarks/target/benchmarks.jar io.cdpkit.benchmarks.scale.PostgresScaleQueryBenchmark [runs]
 * [shape...]} ({@code -Dcdp.scale.plans=true} prints the compiled query's plan too).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PostgresScaleQueryBenchmark {
  private static final long DAY = 86_400_000_000_000L;
  private static final long NOW = ScaleDataset.NOW.getEpochSecond() * 1_000_000_000L;
  private static final String PURCHASES_AT_LEAST = "SELECT profile_id FROM events"
      + " WHERE type = 'purchase' GROUP BY profile_id HAVING count(*) >= ";

  /** Each shape: the segment expression (as in {@link ScaleQueryBenchmark}) and the hand-written count. */
  static final Map<String, String> HAND_WRITTEN = Map.of(
      "count", "SELECT count(*) FROM (" + PURCHASES_AT_LEAST + "3) t",
      "window", "SELECT count(DISTINCT profile_id) FROM events WHERE type = 'add_to_cart'"
          + " AND ts >= " + (NOW - 30 * DAY) + " AND ts <= " + NOW,
      "property", "SELECT count(DISTINCT profile_id) FROM events WHERE type = 'purchase'"
          + " AND properties ->> 'category' = 'books'",
      "sum", "SELECT count(*) FROM (SELECT profile_id FROM events WHERE type = 'purchase'"
          + " GROUP BY profile_id HAVING sum((properties ->> 'amount')::numeric) >= 500) t",
      "identifier", "SELECT count(DISTINCT profile_id) FROM identifiers WHERE type = 'phone'",
      "nestedAny", "SELECT count(*) FROM profiles p WHERE EXISTS (SELECT 1 FROM"
          + " jsonb_array_elements(p.attributes -> 'interests') j"
          + " WHERE j ->> 'key' = 'books' AND (j ->> 'value')::numeric > 50)",
      "reachable", "SELECT count(*) FROM profiles p WHERE EXISTS (SELECT 1 FROM identifiers i"
          + " WHERE i.profile_id = p.id AND i.type = 'email' AND i.deliverable = 1)"
          + " AND EXISTS (SELECT 1 FROM jsonb_array_elements(p.consents) c"
          + " WHERE c ->> 'channel' = 'email' AND c ->> 'status' = 'GRANTED')"
          + " AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(p.consents) c"
          + " WHERE c ->> 'channel' = 'all' AND c ->> 'status' = 'DENIED')",
      "threeWayOr", "SELECT count(*) FROM profiles p WHERE (p.attributes ->> 'age')::numeric < 25"
          + " OR p.attributes ->> 'city' = 'city3'"
          + " OR p.id IN (" + PURCHASES_AT_LEAST + "5)");

  @Param({"count", "window", "property", "sum", "identifier", "nestedAny", "reachable", "threeWayOr"})
  public String shape;

  private BenchmarkServer server;
  private PostgresStorage storage;
  private CdpPlatform platform;
  private Connection jdbc;
  private String expression;
  private SegmentQuery query;

  @Setup
  public void setUp() throws SQLException {
    server = PostgresScaleDataset.start();
    String url = server.url(PostgresScaleDataset.DATABASE);
    storage = PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
    platform = CdpPlatform.builder().storage(storage)
        .clock(Clock.fixed(ScaleDataset.NOW, ZoneOffset.UTC)).build();
    jdbc = DriverManager.getConnection(url);
    expression = ScaleQueryBenchmark.SHAPES.get(shape)[0];
    query = new SegmentQuery(SegmentExpression.parse(expression).expr(),
        EvaluationContext.builder(ScaleDataset.NOW).zone(ZoneOffset.UTC)
            .reachability(platform.cdp().privacy().reachability()).build(),
        name -> Optional.empty(), storage.groupStore());
    System.out.printf("%n%s: %s%n", shape, storage.segmentQueries().count(query).isPresent()
        ? "compiled path: one SQL query" : "compiled path: JAVA EVALUATOR over every profile");
    long start = System.nanoTime();
    long compiled = compiled();
    long compiledNanos = System.nanoTime() - start;
    start = System.nanoTime();
    long hand = handWritten();
    System.out.printf("%n%s: %,d profiles; first run compiled %d ms, hand-written %d ms%n", shape,
        compiled, compiledNanos / 1_000_000, (System.nanoTime() - start) / 1_000_000);
    if (compiled != hand) {
      throw new IllegalStateException(
          shape + ": compiled count " + compiled + " differs from hand-written " + hand);
    }
  }

  @TearDown
  public void tearDown() throws SQLException {
    jdbc.close();
    platform.close();
    server.close();
  }

  /** The store's answer, as {@code cdp segment count} gets it. */
  @Benchmark
  public long compiled() {
    return platform.segments().countMatching(expression);
  }

  @Benchmark
  public long handWritten() throws SQLException {
    try (PreparedStatement statement = jdbc.prepareStatement(HAND_WRITTEN.get(shape));
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static final Pattern EXECUTION = Pattern.compile("Execution Time: ([0-9.]+) ms");

  /**
   * Prints, per shape, the median execution time {@code EXPLAIN ANALYZE} reports for the compiled
   * count's SQL and for the hand-written count (alternated, after one run each), and their ratio.
   */
  public static void main(String[] args) throws SQLException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> shapes = args.length > 1 ? List.of(args).subList(1, args.length)
        : List.of("count", "window", "property", "sum", "identifier", "nestedAny", "reachable",
            "threeWayOr");
    for (String name : shapes) {
      PostgresScaleQueryBenchmark benchmark = new PostgresScaleQueryBenchmark();
      benchmark.shape = name;
      benchmark.setUp();
      JdbcSegmentQueries queries = (JdbcSegmentQueries) benchmark.storage.segmentQueries();
      double[] compiled = new double[runs];
      double[] hand = new double[runs];
      String plan = "";
      for (int i = 0; i < runs; i++) {
        plan = queries.plan(benchmark.query, "EXPLAIN (ANALYZE, BUFFERS)").orElseThrow();
        compiled[i] = executionTime(plan);
        StringBuilder handPlan = new StringBuilder();
        try (PreparedStatement statement = benchmark.jdbc.prepareStatement(
                "EXPLAIN (ANALYZE, BUFFERS) " + HAND_WRITTEN.get(name));
            ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            handPlan.append(rows.getString(1)).append('\n');
          }
        }
        hand[i] = executionTime(handPlan.toString());
      }
      Arrays.sort(compiled);
      Arrays.sort(hand);
      double c = compiled[runs / 2];
      double h = hand[runs / 2];
      System.out.printf("%s: execution compiled %.1f ms, hand-written %.1f ms, ratio %.2fx"
          + " (median of %d)%n", name, c, h, c / h, runs);
      if (Boolean.getBoolean("cdp.scale.plans")) {
        System.out.println(plan);
      }
      benchmark.tearDown();
    }
  }

  private static double executionTime(String plan) {
    Matcher matcher = EXECUTION.matcher(plan);
    if (!matcher.find()) {
      throw new IllegalStateException("no execution time in " + plan);
    }
    return Double.parseDouble(matcher.group(1));
  }
}
