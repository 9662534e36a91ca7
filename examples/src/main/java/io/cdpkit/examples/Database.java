package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.sqlite.SqliteOptions;
import io.cdpkit.storage.sqlite.SqliteStorage;
import io.cdpkit.workflows.spi.EnrollmentStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The database a demo or command names: a SQLite file, or a PostgreSQL database given by URL
 * ({@code postgresql://user:password@host:port/database} or {@code jdbc:postgresql://...}), with
 * the segments and workflows modules' stores on the same database.
 *
 * @param file the SQLite file; empty on PostgreSQL
 */
public record Database(
    Storage storage,
    SegmentStore segmentStore,
    GroupStore groupStore,
    SegmentQueries segmentQueries,
    EnrollmentStore enrollmentStore,
    Optional<Path> file) {

  /** Opens {@code location}: a PostgreSQL URL, or else the path of a SQLite file. */
  public static Database open(String location) {
    return open(location, SqliteOptions.defaults().busyTimeout());
  }

  /**
   * Opens {@code location} as {@link #open(String)} does; a SQLite file waits up to {@code
   * busyTimeout} for a lock another process holds on it.
   */
  public static Database open(String location, Duration busyTimeout) {
    Storage storage = isPostgresUrl(location)
        ? PostgresStorage.open(location)
        : SqliteStorage.open(Path.of(location),
            SqliteOptions.defaults().toBuilder().busyTimeout(busyTimeout).build());
    return of(storage).orElseThrow();
  }

  /** The stores that live beside {@code storage}; empty for a store without them (in memory). */
  public static Optional<Database> of(Storage storage) {
    if (storage instanceof PostgresStorage postgres) {
      return Optional.of(new Database(postgres, postgres.segmentStore(), postgres.groupStore(),
          postgres.segmentQueries(), postgres.enrollmentStore(), Optional.empty()));
    }
    if (storage instanceof SqliteStorage sqlite) {
      return Optional.of(new Database(sqlite, sqlite.segmentStore(), sqlite.groupStore(),
          sqlite.segmentQueries(), sqlite.enrollmentStore(), sqlite.file()));
    }
    return Optional.empty();
  }

  /** True for the URL forms {@link PostgresStorage#open(String)} accepts. */
  public static boolean isPostgresUrl(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql://") || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql:");
  }

  /** The segments service on this database: saved segments, groups and SQL counts. */
  public Segments segments(Cdp cdp) {
    return Segments.builder(cdp)
        .store(segmentStore)
        .groups(groupStore)
        .queries(segmentQueries)
        .build();
  }
}
