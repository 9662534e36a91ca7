package io.cdpkit.benchmarks.scale;

import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * Ad-hoc segment counts on the {@link ScaleDataset} file: {@code compiled} is what {@code cdp
 * segment count} runs ({@code SqliteStorage.segmentQueries().count}: compile, bind, run on a
 * reader of the store), {@code handWritten} the baseline, a query a person would write for the
 * same question on a plain JDBC connection to the same file (written for this file's data: one
 * consent record per profile at most, so "the latest consent" needs no ordering). Setup checks
 * that both give the same count. Neither side runs ANALYZE: the statistics are what the store kept while the file
 * grew.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScaleQueryBenchmark -f 1 -wi 1 -i 3};
 * or, for the CPU time of the calling thread (SQLite runs in it, so other processes on a loaded
 * machine disturb it far less than wall time), {@code java -cp benchmarks/target/benchmarks.jar
 * io.cdpkit.benchmarks.scale.ScaleQueryBenchmark [runs] [shape...]}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ScaleQueryBenchmark {
  private static final long DAY = 86_400_000_000_000L;
  private static final long NOW = ScaleDataset.NOW.getEpochSecond() * 1_000_000_000L;

  /** Each shape: the segment expression and the hand-written count. */
  static final Map<String, String[]> SHAPES = Map.of(
      "count", new String[] {
          "event \"purchase\" at least 3",
          "SELECT count(*) FROM (SELECT profile_id FROM events WHERE type = 'purchase'"
              + " GROUP BY profile_id HAVING count(*) >= 3)"},
      "window", new String[] {
          "event \"add_to_cart\" in the last 30 days",
          "SELECT count(DISTINCT profile_id) FROM events WHERE type = 'add_to_cart'"
              + " AND ts >= " + (NOW - 30 * DAY) + " AND ts <= " + NOW},
      "property", new String[] {
          "event \"purchase\" where category = \"books\"",
          "SELECT count(DISTINCT profile_id) FROM events WHERE type = 'purchase'"
              + " AND json_extract(properties, '$.category') = 'books'"},
      "sum", new String[] {
          "event \"purchase\" sum of amount >= 500",
          "SELECT count(*) FROM (SELECT profile_id FROM events WHERE type = 'purchase'"
              + " GROUP BY profile_id HAVING sum(json_extract(properties, '$.amount')) >= 500)"},
      "identifier", new String[] {
          "$identifier.phone is not empty",
          "SELECT count(DISTINCT profile_id) FROM identifiers WHERE type = 'phone'"},
      "nestedAny", new String[] {
          "any interests where (key = \"books\" and value > 50)",
          "SELECT count(*) FROM profiles p WHERE EXISTS (SELECT 1 FROM"
              + " json_each(p.attributes, '$.interests') j"
              + " WHERE json_extract(j.value, '$.key') = 'books'"
              + " AND json_extract(j.value, '$.value') > 50)"},
      "reachable", new String[] {
          "reachable via email",
          "SELECT count(*) FROM profiles p WHERE EXISTS (SELECT 1 FROM identifiers i"
              + " WHERE i.profile_id = p.id AND i.type = 'email' AND i.deliverable)"
              + " AND EXISTS (SELECT 1 FROM json_each(p.consents) c"
              + " WHERE json_extract(c.value, '$.channel') = 'email'"
              + " AND json_extract(c.value, '$.status') = 'GRANTED')"
              + " AND NOT EXISTS (SELECT 1 FROM json_each(p.consents) c"
              + " WHERE json_extract(c.value, '$.channel') = 'all'"
              + " AND json_extract(c.value, '$.status') = 'DENIED')"},
      "threeWayOr", new String[] {
          "age < 25 or city = \"city3\" or event \"purchase\" at least 5",
          "SELECT count(*) FROM profiles p WHERE json_extract(p.attributes, '$.age') < 25"
              + " OR json_extract(p.attributes, '$.city') = 'city3'"
              + " OR p.id IN (SELECT profile_id FROM events WHERE type = 'purchase'"
              + " GROUP BY profile_id HAVING count(*) >= 5)"});

  @Param({"count", "window", "property", "sum", "identifier", "nestedAny", "reachable", "threeWayOr"})
  public String shape;

  private SqliteStorage storage;
  private CdpPlatform platform;
  private Connection jdbc;
  private SegmentQuery query;
  private String handWritten;

  @Setup
  public void setUp() throws SQLException {
    storage = SqliteStorage.open(ScaleDataset.file());
    platform = CdpPlatform.builder().storage(storage)
        .clock(Clock.fixed(ScaleDataset.NOW, ZoneOffset.UTC)).build();
    jdbc = DriverManager.getConnection("jdbc:sqlite:" + ScaleDataset.file());
    String[] pair = SHAPES.get(shape);
    query = new SegmentQuery(SegmentExpression.parse(pair[0]).expr(),
        EvaluationContext.builder(ScaleDataset.NOW).zone(ZoneOffset.UTC)
            .reachability(platform.cdp().privacy().reachability()).build(),
        name -> Optional.empty(), storage.groupStore());
    handWritten = pair[1];
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
  }

  /** The store's answer, as {@code cdp segment count} gets it. */
  @Benchmark
  public long compiled() {
    SegmentQueries queries = storage.segmentQueries();
    return queries.count(query).orElseThrow(
        () -> new IllegalStateException(shape + " is not answered in SQL"));
  }

  @Benchmark
  public long handWritten() throws SQLException {
    try (PreparedStatement statement = jdbc.prepareStatement(handWritten);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Prints, per shape, the mean CPU time of the calling thread for the compiled and the
   * hand-written count (alternated, after one warm-up each) and their ratio.
   */
  public static void main(String[] args) throws SQLException {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    List<String> shapes = args.length > 1 ? List.of(args).subList(1, args.length)
        : List.of("count", "window", "property", "sum", "identifier", "nestedAny", "reachable",
            "threeWayOr");
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String name : shapes) {
      ScaleQueryBenchmark benchmark = new ScaleQueryBenchmark();
      benchmark.shape = name;
      benchmark.setUp();
      long compiled = 0;
      long hand = 0;
      for (int i = 0; i < runs; i++) {
        long start = threads.getCurrentThreadCpuTime();
        benchmark.compiled();
        compiled += threads.getCurrentThreadCpuTime() - start;
        start = threads.getCurrentThreadCpuTime();
        benchmark.handWritten();
        hand += threads.getCurrentThreadCpuTime() - start;
      }
      System.out.printf("%s: CPU compiled %.1f ms, hand-written %.1f ms, ratio %.2fx (mean of %d)%n",
          name, compiled / 1e6 / runs, hand / 1e6 / runs, (double) compiled / hand, runs);
      benchmark.tearDown();
    }
  }
}
