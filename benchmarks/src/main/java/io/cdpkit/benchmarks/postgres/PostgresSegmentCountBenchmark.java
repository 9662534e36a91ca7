package io.cdpkit.benchmarks.postgres;

import io.cdpkit.core.Cdp;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * How long does counting the spec's example segment take when the store's compiler turns it into
 * PostgreSQL SQL, compared with a hand-written SQL query for the same segment on the same database?
 *
 * <p>The database holds the same data as {@code SqliteSegmentCountBenchmark}: 100,000 profiles
 * ({@code age} 15 to 64, two thirds with an email) and 2,000,000 events (20 per profile, a tenth of
 * them {@code ticket_bought}, a fifth of those for "The Festival 2018"), loaded once in the trial
 * setup with {@code COPY} straight into the tables the store's migrations created (its per-type
 * event count trigger off during the load and the counts written after it), then {@code VACUUM
 * ANALYZE}. {@code compiled} is {@code Segments.countMatching} on a Cdp over the store, with {@code
 * PostgresStorage.segmentQueries()} as the segments' queries (parse, validate, compile, bind, run);
 * {@code handWritten} is the baseline: the same condition written by hand with {@code jsonb}
 * operators on a plain JDBC connection to the same database, with PostgreSQL's default plan (which
 * may scan in parallel workers); {@code handWrittenNoParallel} runs it in one backend process
 * ({@code max_parallel_workers_per_gather = 0}), as the compiled query's correlated subqueries
 * (parallel-restricted) make PostgreSQL run that one.
 *
 * <p>The setup prints which path {@code compiled} takes: one SQL query, or the Java evaluator over
 * every profile when the store's compiler answers empty. It fails unless the counts agree.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PostgresSegmentCountBenchmark
 * -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PostgresSegmentCountBenchmark {
  static final int PROFILES = 100_000;
  static final int EVENTS_PER_PROFILE = 20;
  static final String EXAMPLE = "age < 30 and $identifier.email is not empty\n"
      + "or event \"ticket_bought\" at least 1 where festival = \"The Festival 2018\"";
  static final String HAND_WRITTEN = "SELECT count(*) FROM profiles p WHERE"
      + " ((p.attributes ->> 'age')::numeric < 30"
      + " AND EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id AND i.type = 'email'))"
      + " OR EXISTS (SELECT 1 FROM events e WHERE e.profile_id = p.id AND e.type = 'ticket_bought'"
      + " AND e.properties ->> 'festival' = 'The Festival 2018')";
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  private @Nullable BenchmarkServer server;
  private @Nullable Cdp cdp;
  private @Nullable Segments segments;
  private @Nullable Connection jdbc;
  private @Nullable Connection noParallelJdbc;

  @Setup
  public void setUp() throws SQLException {
    BenchmarkServer running = new BenchmarkServer();
    server = running;
    String url = running.createDatabase("segment_count");
    PostgresStorage storage = PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
    try (Connection c = DriverManager.getConnection(url)) {
      fill(c);
    }
    cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    segments = Segments.builder(cdp())
        .store(storage.segmentStore())
        .groups(storage.groupStore())
        .queries(storage.segmentQueries())
        .build();
    jdbc = DriverManager.getConnection(url);
    Connection noParallel = DriverManager.getConnection(url);
    try (Statement s = noParallel.createStatement()) {
      s.execute("SET max_parallel_workers_per_gather = 0");
    }
    noParallelJdbc = noParallel;

    SegmentQuery query = new SegmentQuery(SegmentExpression.parse(EXAMPLE).expr(),
        EvaluationContext.builder(NOW).build(), name -> Optional.empty(), storage.groupStore());
    OptionalLong inSql = storage.segmentQueries().count(query);
    System.out.println(inSql.isPresent()
        ? "compiled path: one SQL query (PostgresStorage.segmentQueries() answered)"
        : "compiled path: JAVA EVALUATOR over every profile"
            + " (PostgresStorage.segmentQueries() answered empty)");
    long compiled = compiled();
    long hand = handWritten();
    if (compiled != hand || handWrittenNoParallel() != hand
        || (inSql.isPresent() && inSql.getAsLong() != hand)) {
      throw new IllegalStateException(
          "compiled count " + compiled + " differs from hand-written " + hand);
    }
    System.out.println("compiled and hand-written both count " + hand + " of " + PROFILES);
  }

  /** The rows of {@code SqliteSegmentCountBenchmark.fill}, same seed, same order, by COPY. */
  private static void fill(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      // Triggers off for this session's load; the per-type counts are written once after it.
      s.execute("SET session_replication_role = replica");
    }
    Random random = new Random(42);
    long ts0 = NOW.getEpochSecond() * 1_000_000_000L;
    PGConnection pg = c.unwrap(PGConnection.class);
    // One COPY at a time per connection: events stream as they are made, the (small) profile and
    // identifier rows wait in memory for their own COPY after it.
    StringBuilder profileRows = new StringBuilder();
    StringBuilder identifierRows = new StringBuilder();
    StringBuilder eventRows = new StringBuilder();
    CopyIn events = pg.getCopyAPI().copyIn("COPY events (id, profile_id, origin_profile_id, type,"
        + " ts, received_at, source, properties, identifiers) FROM STDIN");
    for (int p = 0; p < PROFILES; p++) {
      String id = String.format("p%06d", p);
      String attributes =
          "{\"age\":" + (15 + random.nextInt(50)) + ",\"city\":\"c" + p % 100 + "\"}";
      row(profileRows, id, attributes, "[]", ts0, ts0, "[]");
      if (p % 3 != 0) {
        row(identifierRows, "email", "u" + p + "@example.org", id, id, ts0, ts0, 1, 1);
      }
      for (int e = 0; e < EVENTS_PER_PROFILE; e++) {
        boolean ticket = random.nextInt(10) == 0;
        long ts = ts0 - random.nextInt(400) * 86_400_000_000_000L;
        String properties = ticket
            ? "{\"festival\":\"" + (random.nextInt(5) == 0 ? "The Festival 2018" : "Other Fest")
                + "\"}"
            : "{\"path\":\"/p/" + e + "\"}";
        row(eventRows, id + "-" + e, id, id, ticket ? "ticket_bought" : "page_view", ts, ts, "web",
            properties, "[]");
      }
      if (eventRows.length() > 1 << 20) {
        send(events, eventRows);
      }
    }
    send(events, eventRows);
    events.endCopy();
    copy(pg, "COPY profiles (id, attributes, consents, created_at, updated_at, merged_ids)"
        + " FROM STDIN", profileRows);
    copy(pg, "COPY identifiers (type, value, profile_id, origin_profile_id, first_seen, last_seen,"
        + " deliverable, main) FROM STDIN", identifierRows);
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO event_type_counts (type, shard, count)"
          + " SELECT type, 0, count(*) FROM events GROUP BY type");
    }
    c.commit();
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute("VACUUM ANALYZE");
    }
  }

  private static void copy(PGConnection pg, String sql, StringBuilder rows) throws SQLException {
    CopyIn copy = pg.getCopyAPI().copyIn(sql);
    send(copy, rows);
    copy.endCopy();
  }

  private static void send(CopyIn copy, StringBuilder rows) throws SQLException {
    byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    rows.setLength(0);
  }

  /** One row of COPY's text format (none of these values holds a tab, newline or backslash). */
  private static void row(StringBuilder rows, Object... values) {
    for (int i = 0; i < values.length; i++) {
      rows.append(i == 0 ? "" : "\t").append(values[i]);
    }
    rows.append('\n');
  }

  @TearDown
  public void tearDown() throws SQLException {
    if (jdbc != null) {
      jdbc.close();
    }
    if (noParallelJdbc != null) {
      noParallelJdbc.close();
    }
    if (segments != null) {
      segments.close();
    }
    if (cdp != null) {
      cdp.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Benchmark
  public long compiled() {
    return Objects.requireNonNull(segments, "segments").countMatching(EXAMPLE);
  }

  @Benchmark
  public long handWritten() throws SQLException {
    return count(Objects.requireNonNull(jdbc, "jdbc"));
  }

  /** The baseline in one backend process: the compiled query's correlated subqueries are. */
  @Benchmark
  public long handWrittenNoParallel() throws SQLException {
    return count(Objects.requireNonNull(noParallelJdbc, "noParallelJdbc"));
  }

  private static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(HAND_WRITTEN)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private Cdp cdp() {
    return Objects.requireNonNull(cdp, "cdp");
  }
}
