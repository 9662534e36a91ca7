package io.cdpkit.benchmarks.sqlite;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Page;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long does one profile's newest timeline page of 50 events take from a SQLite file, with warm
 * and with cold caches, compared with the same query in raw JDBC?
 *
 * <p>The file holds 2,000 profiles with 50 to 150 events each (200,000 events in all).
 *
 * <ul>
 *   <li>{@code cache=warm}: default options; every call reads the same profile, so its profile row
 *       is in the Caffeine cache and its pages are in SQLite's page cache.
 *   <li>{@code cache=cold}: Caffeine caches off and SQLite's page cache at its 64 KiB minimum;
 *       every call reads a different random profile, so its rows are rarely cached. The operating
 *       system's file cache stays warm in both (dropping it needs privileges and dominates).
 * </ul>
 *
 * {@code store=cdp} calls {@code Cdp.timeline(id, TimelineQuery.latest(50))}: a read transaction,
 * the profile lookup, the indexed query and JSON parsing of 50 events. {@code store=jdbc} is the
 * baseline: the same indexed {@code SELECT ... ORDER BY ts DESC, id DESC LIMIT 50} on a plain
 * connection with the same page-cache size, reading each column as text or number.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SqliteTimelineBenchmark -f 1 -wi 2 -i
 * 3}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class SqliteTimelineBenchmark {
  private static final int PROFILES = 2_000;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TimelineQuery PAGE = TimelineQuery.latest(50);

  @Param({"cdp", "jdbc"})
  public String store;

  @Param({"warm", "cold"})
  public String cache;

  private Path dir;
  private Cdp cdp;
  private Connection jdbc;
  private PreparedStatement page;
  private String[] profileIds;
  private final SplittableRandom random = new SplittableRandom(42);

  @Setup(Level.Trial)
  public void prepare() throws IOException, SQLException {
    dir = Files.createTempDirectory("cdp-timeline-bench");
    Path file = dir.resolve("timeline.db");
    try (Cdp loader = Cdp.builder().storage(SqliteStorage.open(file)).build()) {
      List<Identify> people = new ArrayList<>();
      for (int i = 0; i < PROFILES; i++) {
        people.add(Identify.builder().email("user" + i + "@example.com").timestamp(T0).build());
      }
      List<Profile> created = loader.identifyAll(people);
      profileIds = created.stream().map(Profile::id).toArray(String[]::new);
      SplittableRandom sizes = new SplittableRandom(7);
      List<Track> batch = new ArrayList<>();
      for (int p = 0; p < PROFILES; p++) {
        int count = sizes.nextInt(50, 151);
        for (int e = 0; e < count; e++) {
          batch.add(
              Track.builder(e % 3 == 0 ? "purchase" : "page_view")
                  .profileId(profileIds[p])
                  .timestamp(T0.plusSeconds(e * 60L + p))
                  .properties(ObjectValue.of(Map.of("n", e, "path", "/products/" + e)))
                  .build());
        }
        if (batch.size() > 5_000) {
          loader.trackAll(batch);
          batch.clear();
        }
      }
      loader.trackAll(batch);
    }
    boolean cold = cache.equals("cold");
    if (store.equals("cdp")) {
      SqliteOptions options =
          cold
              ? SqliteOptions.builder()
                  .profileCacheSize(0)
                  .identifierCacheSize(0)
                  .pageCacheKib(64)
                  .build()
              : SqliteOptions.defaults();
      cdp = Cdp.builder().storage(SqliteStorage.open(file, options)).build();
    } else {
      jdbc = DriverManager.getConnection("jdbc:sqlite:" + file);
      try (Statement statement = jdbc.createStatement()) {
        statement.executeUpdate(
            "PRAGMA cache_size = -" + (cold ? 64 : SqliteOptions.defaults().pageCacheKib()));
      }
      page =
          jdbc.prepareStatement(
              "SELECT id, profile_id, type, ts, received_at, source, properties, identifiers"
                  + " FROM events WHERE profile_id = ? ORDER BY ts DESC, id DESC LIMIT 50");
    }
  }

  private String nextProfile() {
    return cache.equals("warm") ? profileIds[0] : profileIds[random.nextInt(PROFILES)];
  }

  @Benchmark
  public List<?> newestPage() throws SQLException {
    String profileId = nextProfile();
    if (cdp != null) {
      Page<Event> events = cdp.timeline(profileId, PAGE);
      return events.items();
    }
    page.setString(1, profileId);
    List<Row> rows = new ArrayList<>(50);
    try (ResultSet results = page.executeQuery()) {
      while (results.next()) {
        rows.add(
            new Row(
                results.getString(1),
                results.getString(2),
                results.getString(3),
                results.getLong(4),
                results.getLong(5),
                results.getString(6),
                results.getString(7),
                results.getString(8)));
      }
    }
    return rows;
  }

  /** An event row as raw JDBC reads it: JSON columns stay text. */
  record Row(
      String id,
      String profileId,
      String type,
      long timestamp,
      long receivedAt,
      String source,
      String properties,
      String identifiers) {}

  @TearDown(Level.Trial)
  public void close() throws IOException, SQLException {
    if (cdp != null) {
      cdp.close();
    }
    if (jdbc != null) {
      page.close();
      jdbc.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(SqliteTimelineBenchmark::delete);
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
