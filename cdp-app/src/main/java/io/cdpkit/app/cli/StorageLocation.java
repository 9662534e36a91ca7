package io.cdpkit.app.cli;

import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.sqlite.SqliteOptions;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

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
    return open(location, busyTimeout, null);
  }

  /**
   * As {@link #open(String, Duration)}; a PostgreSQL store names its claims of workflow timers and
   * sync batches {@code instanceId} when given ({@link PostgresOptions#withInstanceId}), so that a
   * restarted instance takes them back at once. A SQLite file, one process's store, ignores it.
   */
  public static PlatformStorage open(String location, Duration busyTimeout, @Nullable String instanceId) {
    if (PostgresStorage.isUrl(location)) {
      PostgresOptions options = PostgresOptions.defaults();
      return PostgresStorage.open(location, instanceId == null ? options : options.withInstanceId(instanceId));
    }
    return SqliteStorage.open(Path.of(location),
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
