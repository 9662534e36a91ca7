package io.cdpkit.app.cli;

import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.sqlite.SqliteOptions;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The store a {@code --db} value names: a PostgreSQL URL ({@code postgresql://user:password@host:
 * port/database}, {@code postgres://...} or {@code jdbc:postgresql://...}), else the path of a
 * SQLite file.
 */
public final class StorageLocation {
  private StorageLocation() {}

  /** Opens the store {@code location} names. */
  public static PlatformStorage open(String location) {
    return open(location, SqliteOptions.defaults().busyTimeout());
  }

  /**
   * Opens the store {@code location} names; a SQLite file waits up to {@code busyTimeout} for a
   * lock another process (a running {@code cdp serve}) holds on it.
   */
  public static PlatformStorage open(String location, Duration busyTimeout) {
    return PostgresStorage.isUrl(location)
        ? PostgresStorage.open(location)
        : SqliteStorage.open(Path.of(location),
            SqliteOptions.defaults().toBuilder().busyTimeout(busyTimeout).build());
  }

  /**
   * A file the command-line tool keeps beside a database: {@code DB_FILE + suffix} for a SQLite
   * file, {@code "cdp" + suffix} in the working directory for a PostgreSQL URL.
   */
  public static Path besideDatabase(String location, String suffix) {
    return Path.of(PostgresStorage.isUrl(location) ? "cdp" + suffix : location + suffix);
  }
}
