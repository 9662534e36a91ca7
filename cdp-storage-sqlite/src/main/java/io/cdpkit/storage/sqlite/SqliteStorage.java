package io.cdpkit.storage.sqlite;

import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.storage.jdbc.JdbcStorage;
import io.cdpkit.storage.sqlite.internal.SqliteDatabase;
import io.cdpkit.storage.sqlite.internal.SqliteInsightDialect;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * CDPKit's storage on one SQLite file: profiles, events, identifiers, attribute history, the
 * identity log, consent history, the audit trail and the suppression list, and on the same file
 * the segments module's stores ({@link #segmentStore()}, {@link #groupStore()}) and the workflows
 * module's enrollment store ({@link #enrollmentStore()}), in tables with JSON columns, written
 * through one connection and read through a small pool of read-only connections in WAL mode, so
 * reads never wait for writes. Thread-safe.
 *
 * <pre>{@code
 * try (Cdp cdp = Cdp.builder().storage(SqliteStorage.open(Path.of("cdp.db"))).build()) {
 *   cdp.identify(Identify.builder().email("ann@example.com").set("plan", "pro").build());
 * }
 * }</pre>
 *
 * <p>{@link #write} and {@link #read} throw {@link SqliteStorageException} when SQLite fails (locked
 * beyond the busy timeout, disk full, I/O error). Each {@link #write} is one SQLite transaction ({@code BEGIN IMMEDIATE}): it is kept whole or,
 * when the callback throws, not at all; writes run one at a time, and a write nested in a write on
 * the same thread joins it. Each {@link #read} sees one snapshot for its whole callback; streams
 * taken inside it read rows lazily and are closed when the callback returns. What an acknowledged
 * write survives depends on {@link SqliteOptions#durability()}.
 *
 * <p>The file is created when missing and migrated when written by an older version of this module.
 * Profiles and identifier lookups are cached in memory (sizes in {@link SqliteOptions}); the caches
 * never return data older than the snapshot of the read that uses them.
 *
 * <p>Ids are ordered by SQLite's binary collation, which is Unicode code-point order; Java's {@link
 * String#compareTo} (the in-memory store's order for ids) differs from it only between characters
 * above U+FFFF and characters U+E000 to U+FFFF.
 */
public final class SqliteStorage extends JdbcStorage implements PlatformStorage {
  private final SqliteDatabase database;

  private SqliteStorage(SqliteDatabase database) {
    super(database);
    this.database = database;
  }

  /**
   * Deleted rows are already zeroed in place ({@code secure_delete}); this truncates the
   * write-ahead log, whose earlier page images would still hold them.
   */
  @Override
  public void afterErasure() {
    database.truncateLog();
  }

  /**
   * Opens the database file with {@link SqliteOptions#defaults()}, creating it when missing.
   *
   * @throws SqliteStorageException when the file cannot be opened or created, is not a CDPKit
   *     database or is corrupt, is read-only, stays locked by another process beyond the busy
   *     timeout, or was written by a newer version of this module
   */
  public static SqliteStorage open(Path file) {
    return open(file, SqliteOptions.defaults());
  }

  /**
   * Opens the database file with the given options, creating it when missing.
   *
   * @throws SqliteStorageException as {@link #open(Path)} does
   */
  public static SqliteStorage open(Path file, SqliteOptions options) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(options, "options");
    return new SqliteStorage(SqliteDatabase.open(file, options));
  }

  /**
   * A new, empty database in memory, gone on {@link #close()}: for tests. It has one connection, so
   * reads wait for a running write.
   */
  public static SqliteStorage inMemory() {
    return inMemory(SqliteOptions.defaults());
  }

  /**
   * Like {@link #inMemory()}, with options ({@code durability} and {@code readerPoolSize} unused).
   */
  public static SqliteStorage inMemory(SqliteOptions options) {
    Objects.requireNonNull(options, "options");
    return new SqliteStorage(SqliteDatabase.open(null, options));
  }

  /** {@inheritDoc} One SQL query answers each insight. */
  @Override
  public InsightQueries insightQueries(Segments segments) {
    return database.insightQueries(segments, SqliteInsightDialect.INSTANCE);
  }

  /** The database file; empty for an in-memory store. */
  public Optional<Path> file() {
    return Optional.ofNullable(database.file());
  }

  /** The options this store was opened with. */
  public SqliteOptions options() {
    return database.options();
  }

  /** Statements and result sets not closed yet; zero between calls (the leak check's measure). */
  int openResources() {
    return database.openResources();
  }

  /** True once every connection is closed. */
  boolean allConnectionsClosed() {
    return database.allConnectionsClosed();
  }

  /** Entries in the shared caches. */
  long cachedEntries() {
    return database.cachedEntries();
  }
}
