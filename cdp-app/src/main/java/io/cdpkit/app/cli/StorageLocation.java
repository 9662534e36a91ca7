package io.cdpkit.app.cli;

import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The store a {@code --db} value names: a PostgreSQL URL ({@code postgresql://user:password@host:
 * port/database}, {@code postgres://...} or {@code jdbc:postgresql://...}), else the path of a
 * SQLite file.
 */
public final class StorageLocation {
  private StorageLocation() {}

  /** Opens the store {@code location} names. */
  public static PlatformStorage open(String location) {
    return isPostgresUrl(location)
        ? PostgresStorage.open(location)
        : SqliteStorage.open(Path.of(location));
  }

  /** True for the URL forms {@link PostgresStorage#open(String)} accepts. */
  public static boolean isPostgresUrl(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    return lower.startsWith("postgresql://") || lower.startsWith("postgres://")
        || lower.startsWith("jdbc:postgresql:");
  }
}
