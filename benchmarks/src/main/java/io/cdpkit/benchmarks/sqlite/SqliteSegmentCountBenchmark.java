package io.cdpkit.benchmarks.sqlite;

import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How long does counting the spec's example segment take when the compiler turns it into SQL,
 * compared with a hand-written SQL query for the same segment on the same file?
 *
 * <p>The file holds 100,000 profiles ({@code age} 15 to 64, two thirds with an email) and
 * 2,000,000 events (20 per profile, a tenth of them {@code ticket_bought}, a fifth of those for
 * "The Festival 2018"), written once in the trial setup through raw JDBC into the store's own
 * schema. {@code compiled} is {@code SqliteStorage.segmentQueries().count} (compile, bind, run);
 * {@code handWritten} is the baseline: the same condition written by hand with {@code
 * json_extract} on a plain JDBC connection to the same file.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SqliteSegmentCountBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class SqliteSegmentCountBenchmark {
  static final int PROFILES = 100_000;
  static final int EVENTS_PER_PROFILE = 20;
  static final String EXAMPLE = "age < 30 and $identifier.email is not empty\n"
      + "or event \"ticket_bought\" at least 1 where festival = \"The Festival 2018\"";
  static final String HAND_WRITTEN = "SELECT count(*) FROM profiles p WHERE"
      + " (json_extract(p.attributes, '$.age') < 30"
      + " AND EXISTS (SELECT 1 FROM identifiers i WHERE i.profile_id = p.id AND i.type = 'email'))"
      + " OR EXISTS (SELECT 1 FROM events e WHERE e.profile_id = p.id AND e.type = 'ticket_bought'"
      + " AND json_extract(e.properties, '$.festival') = 'The Festival 2018')";
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  private Path dir;
  private SqliteStorage storage;
  private Connection jdbc;
  private SegmentQuery query;

  @Setup
  public void setUp() throws IOException, SQLException {
    dir = Files.createTempDirectory("cdp-segment-count");
    Path file = dir.resolve("cdp.db");
    SqliteStorage.open(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      fill(c);
    }
    storage = SqliteStorage.open(file);
    jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
    query = new SegmentQuery(SegmentExpression.parse(EXAMPLE).expr(),
        EvaluationContext.builder(NOW).build(), name -> Optional.empty(), storage.groupStore());
    long compiled = compiled();
    long hand = handWritten();
    if (compiled != hand) {
      throw new IllegalStateException("compiled count " + compiled + " differs from hand-written " + hand);
    }
  }

  private static void fill(Connection c) throws SQLException {
    c.setAutoCommit(false);
    Random random = new Random(42);
    long ts0 = NOW.getEpochSecond() * 1_000_000_000L;
    try (PreparedStatement profile = c.prepareStatement("INSERT INTO profiles"
            + " (id, attributes, consents, created_at, updated_at, merged_ids) VALUES (?, ?, '[]', ?, ?, '[]')");
        PreparedStatement identifier = c.prepareStatement("INSERT INTO identifiers (type, value, profile_id,"
            + " origin_profile_id, first_seen, last_seen, deliverable, main) VALUES ('email', ?, ?, ?, ?, ?, 1, 1)");
        PreparedStatement event = c.prepareStatement("INSERT INTO events (id, profile_id, origin_profile_id,"
            + " type, ts, received_at, source, properties, identifiers) VALUES (?, ?, ?, ?, ?, ?, 'web', ?, '[]')")) {
      for (int p = 0; p < PROFILES; p++) {
        String id = String.format("p%06d", p);
        profile.setString(1, id);
        profile.setString(2, "{\"age\":" + (15 + random.nextInt(50)) + ",\"city\":\"c" + p % 100 + "\"}");
        profile.setLong(3, ts0);
        profile.setLong(4, ts0);
        profile.addBatch();
        if (p % 3 != 0) {
          identifier.setString(1, "u" + p + "@example.org");
          identifier.setString(2, id);
          identifier.setString(3, id);
          identifier.setLong(4, ts0);
          identifier.setLong(5, ts0);
          identifier.addBatch();
        }
        for (int e = 0; e < EVENTS_PER_PROFILE; e++) {
          boolean ticket = random.nextInt(10) == 0;
          long ts = ts0 - random.nextInt(400) * 86_400_000_000_000L;
          event.setString(1, id + "-" + e);
          event.setString(2, id);
          event.setString(3, id);
          event.setString(4, ticket ? "ticket_bought" : "page_view");
          event.setLong(5, ts);
          event.setLong(6, ts);
          event.setString(7, ticket
              ? "{\"festival\":\"" + (random.nextInt(5) == 0 ? "The Festival 2018" : "Other Fest") + "\"}"
              : "{\"path\":\"/p/" + e + "\"}");
          event.addBatch();
        }
        if (p % 1_000 == 999) {
          profile.executeBatch();
          identifier.executeBatch();
          event.executeBatch();
          c.commit();
        }
      }
      profile.executeBatch();
      identifier.executeBatch();
      event.executeBatch();
      c.commit();
    }
    try (Statement s = c.createStatement()) {
      // Rows written past the store: their per-type counts, as the store keeps them per batch.
      s.execute("INSERT INTO event_type_counts (type, count)"
          + " SELECT type, count(*) FROM events GROUP BY type");
      s.execute("ANALYZE");
    }
    c.commit();
  }

  @TearDown
  public void tearDown() throws IOException, SQLException {
    jdbc.close();
    storage.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  @Benchmark
  public long compiled() {
    return storage.segmentQueries().count(query).orElseThrow();
  }

  @Benchmark
  public long handWritten() throws SQLException {
    try (Statement statement = jdbc.createStatement();
        ResultSet rows = statement.executeQuery(HAND_WRITTEN)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
