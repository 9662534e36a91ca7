package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.storage.sqlite.internal.SqliteDatabase;
import io.cdpkit.storage.sqlite.internal.SqliteInsightQueries;
import io.cdpkit.workflows.spi.EnrollmentStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

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
 * <p>Each {@link #write} is one SQLite transaction ({@code BEGIN IMMEDIATE}): it is kept whole or,
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
public final class SqliteStorage implements PlatformStorage {
  private final SqliteDatabase database;

  private SqliteStorage(SqliteDatabase database) {
    this.database = database;
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

  /**
   * {@inheritDoc}
   *
   * @throws SqliteStorageException when SQLite fails (locked beyond the busy timeout, disk full,
   *     I/O error); nothing of the work is kept
   * @throws IllegalStateException when the store is closed
   */
  @Override
  public <T> T write(Function<? super StorageSession, T> work) {
    return database.write(work);
  }

  /**
   * {@inheritDoc}
   *
   * @throws SqliteStorageException when SQLite fails
   * @throws IllegalStateException when the store is closed
   */
  @Override
  public <T> T read(Function<? super StorageSession, T> work) {
    return database.read(work);
  }

  /**
   * Deleted rows are already zeroed in place ({@code secure_delete}); this truncates the
   * write-ahead log, whose earlier page images would still hold them.
   */
  @Override
  public void afterErasure() {
    database.truncateLog();
  }

  /** Closes every connection after a running write finishes. Calling it again does nothing. */
  @Override
  public void close() {
    database.close();
  }

  /**
   * The segments module's store of saved segments, memberships and time checks, on this
   * database. Each call is a transaction of its own, or joins the write running on the calling
   * thread. Closing it does nothing; close this storage instead.
   */
  public SegmentStore segmentStore() {
    return database.segmentStore();
  }

  /** The segments module's store of static groups, on this database; as {@link #segmentStore()}. */
  public GroupStore groupStore() {
    return database.segmentStore();
  }

  /**
   * The workflows module's store of definitions, workflow statuses, enrollments with their timers
   * and history, and send records, on this database, for {@code
   * WorkflowEngine.builder(cdp, segments).store(...)}: enrollments then survive a restart, a timer
   * that fell due while the process was down fires on the next {@code runDue}, and a send cut off
   * between its intent and its outcome is resent with the same idempotency key. Each call is a
   * transaction of its own (as durable on return as {@link SqliteOptions#durability()} makes any
   * write), or joins the write running on the calling thread. Closing this storage closes it.
   */
  public EnrollmentStore enrollmentStore() {
    return database.enrollmentStore();
  }

  /**
   * The segments module's sync state store (where each segment's sync to each destination stands,
   * its pending changes, its unacknowledged batch and the members the destination holds), on this
   * database, for {@code SegmentSync.builder(cdp, segments).store(...)}: a restart then resumes
   * from the last acknowledged batch, resending the unacknowledged one with its idempotency key.
   * Each call is a transaction of its own, or joins the write running on the calling thread.
   * Closing this storage closes it.
   */
  public SyncStateStore syncStateStore() {
    return database.syncStateStore();
  }

  /**
   * Segment expressions answered by one SQL query on this database, for {@code
   * Segments.builder(cdp).queries(...)}: counts, member lists and the initial members of saved
   * segments then run in SQLite instead of evaluating every profile in Java, with the same
   * answers. Use it with a Cdp on this storage; {@code in group} is answered in SQL when the
   * segments service keeps its groups in {@link #groupStore()}, and an expression reading {@code
   * $computed} is left to the service.
   */
  public SegmentQueries segmentQueries() {
    return database.segmentQueries();
  }

  /**
   * Insights answered by one SQL query each on this database (event statistics, a time series,
   * profiles over time, monthly active users), with exactly the answers of {@code
   * MemoryInsightQueries}, for {@code Insights.of(segments, storage.insightQueries(segments),
   * computed)}. Use it with segments on a Cdp on this storage: a series' segment filter is resolved
   * by {@code segments.matching} (in SQL when the segments are built with {@link
   * #segmentQueries()}) and bound to the query as a list of ids.
   */
  public InsightQueries insightQueries(Segments segments) {
    return SqliteInsightQueries.on(database, segments);
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

  @Override
  public String toString() {
    return "SqliteStorage[" + database.name() + "]";
  }
}
