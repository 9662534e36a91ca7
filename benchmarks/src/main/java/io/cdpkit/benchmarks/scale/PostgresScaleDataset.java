package io.cdpkit.benchmarks.scale;

import io.cdpkit.benchmarks.postgres.BenchmarkServer;
import io.cdpkit.core.Cdp;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * The {@link ScaleDataset} data (same generator, seed and order) grown from an empty database
 * through the library into an embedded PostgreSQL server, with no manual ANALYZE: the planner
 * statistics are whatever the server's autovacuum gathered while the tables grew. Smaller by
 * default than the SQLite file ({@value #DEFAULT_PROFILES} profiles, {@value #DEFAULT_EVENTS}
 * events; system properties {@code cdp.scale.pg.profiles} and {@code cdp.scale.pg.events}), so it
 * builds in minutes.
 *
 * <p>The server's data directory is {@code target/scale-data/pg-P-E} and is kept between runs; a
 * marker file written after the build tells a complete directory from an interrupted one, which is
 * deleted and built again.
 */
public final class PostgresScaleDataset {
  static final int DEFAULT_PROFILES = 20_000;
  static final int DEFAULT_EVENTS = 400_000;
  static final String DATABASE = "scale";
  private static final String COMPLETE = "cdp-scale-complete";

  private PostgresScaleDataset() {}

  public static int profiles() {
    return Integer.getInteger("cdp.scale.pg.profiles", DEFAULT_PROFILES);
  }

  public static int events() {
    return Integer.getInteger("cdp.scale.pg.events", DEFAULT_EVENTS);
  }

  /** Starts the server on the data set's directory, building the data set first when missing. */
  public static synchronized BenchmarkServer start() {
    Path dir = Path.of(System.getProperty("cdp.scale.dir", "target/scale-data"))
        .resolve("pg-" + profiles() + "-" + events());
    try {
      if (Files.exists(dir) && !Files.exists(dir.resolve(COMPLETE))) {
        try (var paths = Files.walk(dir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
      }
      boolean build = !Files.exists(dir);
      Files.createDirectories(dir.getParent());
      BenchmarkServer server = new BenchmarkServer(dir);
      if (build) {
        long start = System.nanoTime();
        String url = server.createDatabase(DATABASE);
        try (PostgresStorage storage = PostgresStorage.open(url, PostgresOptions.defaults());
            Cdp cdp = Cdp.builder().storage(storage)
                .clock(Clock.fixed(ScaleDataset.NOW, ZoneOffset.UTC)).build()) {
          ScaleDataset.fill(cdp, profiles(), events());
        }
        Files.writeString(dir.resolve(COMPLETE), "");
        System.out.printf("built %s in %.1f s%n", dir, (System.nanoTime() - start) / 1e9);
      }
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Builds the data set: {@code java -cp benchmarks.jar io.cdpkit.benchmarks.scale.PostgresScaleDataset}. */
  public static void main(String[] args) {
    try (BenchmarkServer server = start()) {
      System.out.println(server.url(DATABASE));
    }
  }
}
