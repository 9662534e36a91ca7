package io.cdpkit.benchmarks.predictions;

import io.cdpkit.core.Cdp;
import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.PredictionOptions;
import io.cdpkit.predictions.Predictions;
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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * How long does a prediction recalculation (read every customer's orders through the Cdp, fit
 * BG/NBD and Gamma-Gamma, score every customer) take, compared with only reading the same orders
 * with a hand-written SQL query on the same file?
 *
 * <p>The SQLite file holds {@code customers} profiles (100,000) with {@code ordersPerCustomer}
 * (20) {@code purchase} events each, 2,000,000 orders, written once in the trial setup through
 * raw JDBC into the store's own schema. Each customer's first order falls on a random day of the
 * year before now and their orders spread uniformly up to a random last active day, so that some
 * are lapsed and some are active. {@code fitAndScore} is {@link Predictions#fit()};
 * {@code handWrittenRead} is the baseline: one {@code SELECT} of profile, timestamp and amount of
 * every purchase, ordered by profile and time, on a plain JDBC connection, every row read.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PredictionFitBenchmark -f 1 -wi 1 -i 3}
 * (a smoke run: add {@code -p customers=5000}).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PredictionFitBenchmark {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final long DAY_NANOS = 86_400_000_000_000L;
  private static final String HAND_WRITTEN = "SELECT profile_id, ts, json_extract(properties, '$.amount')"
      + " FROM events WHERE type = 'purchase' ORDER BY profile_id, ts";

  @Param("100000")
  public int customers;

  @Param("20")
  public int ordersPerCustomer;

  private Path dir;
  private Cdp cdp;
  private Predictions predictions;
  private Connection jdbc;

  @Setup
  public void setUp() throws IOException, SQLException {
    dir = Files.createTempDirectory("cdp-predictions");
    Path file = dir.resolve("cdp.db");
    SqliteStorage.open(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      fill(c);
    }
    cdp = Cdp.builder().storage(SqliteStorage.open(file))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC).build();
    predictions = Predictions.builder(cdp).options(PredictionOptions.defaults()).build();
    jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
    PredictionFit fit = fitAndScore();
    long read = handWrittenRead();
    if (!fit.predicts() || fit.customers() != customers || read != (long) customers * ordersPerCustomer) {
      throw new IllegalStateException("unexpected data: " + fit + ", " + read + " orders read by hand");
    }
  }

  private void fill(Connection c) throws SQLException {
    c.setAutoCommit(false);
    Random random = new Random(26);
    long now = NOW.getEpochSecond() * 1_000_000_000L;
    try (PreparedStatement profile = c.prepareStatement("INSERT INTO profiles"
            + " (id, attributes, consents, created_at, updated_at, merged_ids) VALUES (?, '{}', '[]', ?, ?, '[]')");
        PreparedStatement event = c.prepareStatement("INSERT INTO events (id, profile_id, origin_profile_id,"
            + " type, ts, received_at, source, properties, identifiers) VALUES (?, ?, ?, 'purchase', ?, ?, 'web', ?, '[]')")) {
      for (int p = 0; p < customers; p++) {
        String id = String.format("p%06d", p);
        int first = 1 + random.nextInt(365);
        int last = random.nextInt(first);
        long firstTs = now - first * DAY_NANOS;
        profile.setString(1, id);
        profile.setLong(2, firstTs);
        profile.setLong(3, firstTs);
        profile.addBatch();
        for (int o = 0; o < ordersPerCustomer; o++) {
          long ts = o == 0 ? firstTs : firstTs + (long) (random.nextDouble() * (first - last) * DAY_NANOS);
          event.setString(1, id + "-" + o);
          event.setString(2, id);
          event.setString(3, id);
          event.setLong(4, ts);
          event.setLong(5, ts);
          event.setString(6, "{\"amount\":" + (5 + random.nextInt(200)) + "}");
          event.addBatch();
        }
        if (p % 1_000 == 999) {
          profile.executeBatch();
          event.executeBatch();
          c.commit();
        }
      }
      profile.executeBatch();
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
    predictions.close();
    cdp.close();
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
  public PredictionFit fitAndScore() {
    return predictions.fit();
  }

  @Benchmark
  public long handWrittenRead() throws SQLException {
    long rows = 0;
    double total = 0;
    try (Statement statement = jdbc.createStatement();
        ResultSet result = statement.executeQuery(HAND_WRITTEN)) {
      while (result.next()) {
        result.getString(1);
        result.getLong(2);
        total += result.getDouble(3);
        rows++;
      }
    }
    return total > 0 ? rows : -rows;
  }
}
