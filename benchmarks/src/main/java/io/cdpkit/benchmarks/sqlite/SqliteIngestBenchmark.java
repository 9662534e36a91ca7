package io.cdpkit.benchmarks.sqlite;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.storage.sqlite.SqliteOptions;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * How fast does a SQLite file take events through {@code Cdp.trackAll} in batches, compared with
 * raw JDBC batch inserts of the same events into the same table?
 *
 * <p>Each measured call ingests {@code events} events, {@code batch} per transaction, into a fresh
 * file whose 10,000 profiles already exist (events are found by email, so {@code track} finds,
 * never creates). {@code store=cdp} calls {@code Cdp.trackAll}: identifier lookup, profile lookup,
 * last-seen update of the identifier, event insert with generated id, JSON properties. {@code
 * store=jdbc} is the baseline: one {@code PreparedStatement} batch per transaction into the store's
 * own {@code events} table (same columns, indexes and count trigger), with the profile id taken
 * from a {@code HashMap}, a random UUID as id (as the Cdp's default id generator) and the same JSON
 * columns. Both use WAL, {@code synchronous=FULL} (the store's default durability) and the same 16
 * MiB page cache.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SqliteIngestBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
public class SqliteIngestBenchmark {
  private static final int PROFILES = 10_000;
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final ObjectValue PROPERTIES =
      ObjectValue.of(Map.of("amount", 30, "currency", "EUR", "sku", "A-100"));

  @Param({"cdp", "jdbc"})
  public String store;

  @Param({"100000"})
  public int events;

  @Param({"1000"})
  public int batch;

  private Path dir;
  private Cdp cdp;
  private Connection jdbc;
  private List<List<Track>> batches;
  private Map<Identifier, String> profileIds;

  @Setup(Level.Iteration)
  public void prepare() throws IOException, SQLException {
    dir = Files.createTempDirectory("cdp-ingest-bench");
    Path file = dir.resolve("events.db");
    cdp = Cdp.builder().storage(SqliteStorage.open(file)).build();
    profileIds = new HashMap<>();
    List<Identify> people = new ArrayList<>();
    for (int i = 0; i < PROFILES; i++) {
      people.add(Identify.builder().email("user" + i + "@example.com").timestamp(T0).build());
    }
    for (Profile profile : cdp.identifyAll(people)) {
      profileIds.put(profile.identifiers().get(0).identifier(), profile.id());
    }
    batches = new ArrayList<>();
    for (int start = 0; start < events; start += batch) {
      List<Track> tracks = new ArrayList<>(batch);
      for (int n = start; n < Math.min(events, start + batch); n++) {
        tracks.add(
            Track.builder("purchase")
                .identifier(Identifier.email("user" + (n % PROFILES) + "@example.com"))
                .timestamp(T0.plusSeconds(n + 1))
                .properties(PROPERTIES)
                .build());
      }
      batches.add(tracks);
    }
    if (store.equals("jdbc")) {
      cdp.close();
      cdp = null;
      jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement statement = jdbc.createStatement()) {
        statement.executeUpdate("PRAGMA synchronous = FULL");
        statement.executeUpdate("PRAGMA cache_size = -" + SqliteOptions.defaults().pageCacheKib());
      }
      jdbc.setAutoCommit(false);
    }
  }

  @Benchmark
  public int ingest() throws SQLException {
    return store.equals("cdp") ? ingestThroughCdp() : ingestThroughJdbc();
  }

  private int ingestThroughCdp() {
    int stored = 0;
    for (List<Track> tracks : batches) {
      stored += cdp.trackAll(tracks).size();
    }
    return stored;
  }

  private int ingestThroughJdbc() throws SQLException {
    int stored = 0;
    try (PreparedStatement insert =
        jdbc.prepareStatement(
            "INSERT INTO events (id, profile_id, origin_profile_id, type, ts, received_at, source,"
                + " properties, identifiers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      long receivedAt = nanos(Instant.now());
      for (List<Track> tracks : batches) {
        for (Track track : tracks) {
          Identifier email = track.identifiers().get(0);
          String profileId = profileIds.get(email);
          insert.setString(1, UUID.randomUUID().toString());
          insert.setString(2, profileId);
          insert.setString(3, profileId);
          insert.setString(4, track.type());
          insert.setLong(5, nanos(track.timestamp()));
          insert.setLong(6, receivedAt);
          insert.setString(7, track.source());
          insert.setString(8, AttributeJson.write(track.properties()));
          insert.setString(9, "[[\"" + email.type() + "\",\"" + email.value() + "\"]]");
          insert.addBatch();
        }
        for (int count : insert.executeBatch()) {
          stored += count;
        }
        jdbc.commit();
      }
    }
    return stored;
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException, SQLException {
    if (cdp != null) {
      cdp.close();
    }
    if (jdbc != null) {
      jdbc.close();
      jdbc = null;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(SqliteIngestBenchmark::delete);
    }
  }

  private static void delete(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
