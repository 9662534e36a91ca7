package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.storage.jdbc.RowClaims;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.storage.jdbc.SqlConnection;
import io.cdpkit.storage.jdbc.TransactionRunner;
import io.cdpkit.storage.sqlite.SqliteOptions;
import io.cdpkit.storage.sqlite.SqliteStorageException;
import io.cdpkit.storage.sqlite.SqliteStorageException.Kind;
import io.cdpkit.storage.jdbc.segments.BatchClaims;
import io.cdpkit.storage.sqlite.internal.sql.SqliteDialect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/*
 * Design: one writer, a pool of readers, transactions as callbacks.
 *
 * SQLite allows one writer at a time per file; queuing writers in Java (a lock) is cheaper and
 * fairer than letting connections spin on SQLITE_BUSY, so there is exactly one read-write
 * connection. Each Storage.write takes the lock and runs one BEGIN IMMEDIATE transaction: it
 * commits when the callback returns and rolls back when it throws. A write nested in a write on
 * the same thread joins the outer transaction, as in the in-memory store.
 *
 * In WAL mode readers never block the writer nor each other, so Storage.read borrows one of a
 * few read-only connections and runs the callback in one deferred transaction, which pins one
 * snapshot for the whole callback. A read on a thread that is inside a write uses the write's
 * connection (it sees the write's own changes, as the in-memory store's reads do). An in-memory
 * database lives in one connection, so there reads share the writer connection and its lock.
 *
 * Several processes (and several stores in one process) may share a file: SQLite's file locks and
 * the busy timeout order their writes. Caches (see Caches) are told which keys each transaction
 * touched; they are dropped after COMMIT or ROLLBACK, before the commit becomes visible to cache
 * users, and a transaction that finds the file's commit number moved by another process drops
 * them all.
 */
/** The connections, transactions and caches behind a {@code SqliteStorage}. Thread-safe. */
public final class SqliteDatabase extends TransactionRunner {
  private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
  private static final String SNAPSHOT = "SELECT version FROM cache_version";
  private static final String NEXT_VERSION = "UPDATE cache_version SET version = ?";

  private final @Nullable Path file;
  private final SqliteOptions options;
  private final SqlErrors errors;
  private final Caches caches;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final SqlConnection writer;
  private final List<SqlConnection> readers;
  private final Deque<SqlConnection> idleReaders;
  private final PlannerStatistics statistics;

  private SqliteDatabase(
      @Nullable Path file,
      SqliteOptions options,
      SqlErrors errors,
      SqlConnection writer,
      List<SqlConnection> readers,
      long fileVersion) {
    super(errors, SqliteDialect.INSTANCE, RowClaims.singleWriter(), BatchClaims.singleWriter());
    this.file = file;
    this.options = options;
    this.errors = errors;
    this.caches =
        new Caches(options.profileCacheSize(), options.identifierCacheSize(), fileVersion);
    this.writer = writer;
    this.readers = List.copyOf(readers);
    this.idleReaders = new ArrayDeque<>(readers);
    this.statistics = new PlannerStatistics(errors.store());
    statistics.optimize(writer);
  }

  /**
   * Opens (creating if needed) and migrates the database file, or a new in-memory database when
   * {@code file} is null.
   *
   * @throws SqliteStorageException when the file cannot be opened, is corrupt, locked beyond the
   *     busy timeout, read-only, or newer than this module
   */
  public static SqliteDatabase open(@Nullable Path file, SqliteOptions options) {
    Objects.requireNonNull(options, "options");
    String store = file == null ? "in-memory SQLite store" : "SQLite store " + file;
    SqlErrors errors = new SqlErrors(store, options.busyTimeout());
    if (file != null && Files.isDirectory(file)) {
      throw new SqliteStorageException(
          Kind.CANNOT_OPEN, store + ": could not open the database: the path is a directory");
    }
    String url = file == null ? "jdbc:sqlite::memory:" : "jdbc:sqlite:" + file.toAbsolutePath();
    List<SqlConnection> opened = new ArrayList<>();
    try {
      SqlConnection writer = connect(url, options, false);
      opened.add(writer);
      if (file != null) {
        String mode = writer.queryText("PRAGMA journal_mode = WAL");
        if (!mode.equalsIgnoreCase("wal")) {
          throw new SqliteStorageException(
              Kind.READ_ONLY,
              store
                  + ": could not switch the database to WAL mode (it stayed in "
                  + mode
                  + " mode); is the file or its directory read-only?");
        }
        // Checkpoints reuse the WAL file; keep it from staying at its largest size forever.
        writer.queryLong("PRAGMA journal_size_limit = " + 64L * 1024 * 1024);
      }
      int before = Migrations.migrate(writer.jdbc(), store, Migrations.LATEST);
      if (options.maxDatabaseBytes() != SqliteOptions.UNLIMITED) {
        long pageSize = writer.queryLong("PRAGMA page_size");
        long pages = Math.max(1, Math.min(4_294_967_294L, options.maxDatabaseBytes() / pageSize));
        writer.queryLong("PRAGMA max_page_count = " + pages);
      }
      List<SqlConnection> readers = new ArrayList<>();
      if (file != null) {
        for (int i = 0; i < options.readerPoolSize(); i++) {
          SqlConnection reader = connect(url, options, true);
          opened.add(reader);
          readers.add(reader);
        }
      }
      log.info(
          "Opened {} (schema version {}{}, durability {}, {} readers)",
          store,
          Migrations.LATEST,
          before == Migrations.LATEST ? "" : ", migrated from " + before,
          options.durability(),
          readers.size());
      long fileVersion = fileVersion(writer);
      return new SqliteDatabase(file, options, errors, writer, readers, fileVersion);
    } catch (SQLException e) {
      SqliteStorageException failure = errors.translate(e, "open the database");
      closeAll(opened, failure);
      throw failure;
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  private static SqlConnection connect(String url, SqliteOptions options, boolean readOnly)
      throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.busyTimeout().toMillis()));
    config.setReadOnly(readOnly);
    Connection connection = config.createConnection(url);
    SqlConnection wrapped = new SqlConnection(connection);
    try {
      wrapped.execute("PRAGMA foreign_keys = ON");
      // Deleted rows are overwritten with zeros, not left in free pages: erasure must leave no bytes.
      wrapped.execute("PRAGMA secure_delete = ON");
      wrapped.execute("PRAGMA cache_size = -" + options.pageCacheKib());
      wrapped.execute(
          "PRAGMA synchronous = " + options.durability().name().toUpperCase(Locale.ROOT));
      SqlFunctions.register(connection);
      InsightFunctions.register(connection);
      return wrapped;
    } catch (SQLException | RuntimeException e) {
      closeAll(List.of(wrapped), e);
      throw e;
    }
  }

  private static void closeAll(List<SqlConnection> connections, Exception failure) {
    for (SqlConnection connection : connections) {
      try {
        connection.close();
      } catch (SQLException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /** Runs {@code work} in one write transaction; see the design note at the top of this file. */
  @Override
  protected <T> T newWrite(Function<? super StorageSession, T> work) {
    return underWriteLock(() -> inWriteTransaction(work));
  }

  private <T> T underWriteLock(Supplier<T> work) {
    checkOpen();
    writeLock.lock();
    try {
      checkOpen();
      return work.get();
    } finally {
      writeLock.unlock();
    }
  }

  private <T> T inWriteTransaction(Function<? super StorageSession, T> work) {
    Caches.Dirty dirty = new Caches.Dirty();
    try {
      long version = run(writer, "begin a write transaction", c -> {
        c.prepare("BEGIN IMMEDIATE").executeUpdate();
        return fileVersion(c);
      });
      T result = inSession(writer, true, caches.writing(version, dirty), work);
      if (dirty.any()) {
        // Numbers this commit in the file, so that other processes see that cached rows changed.
        long next = caches.commitStarting();
        run(writer, "number a write transaction", c -> {
          PreparedStatement statement = c.prepare(NEXT_VERSION);
          Sql.bind(statement, next);
          return statement.executeUpdate();
        });
      }
      run(writer, "commit a write transaction", c -> c.prepare("COMMIT").executeUpdate());
      statistics.afterCommit(writer);
      return result;
    } catch (RuntimeException | Error e) {
      rollback(e);
      throw e;
    } finally {
      caches.transactionEnded(dirty);
    }
  }

  /** Runs JDBC work around a session on {@code connection}; a failure drops its statements. */
  private <T> T run(SqlConnection connection, String doing, Sql.Work<T> work) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      connection.discardCached();
      throw errors.translate(e, doing);
    }
  }

  /** The file's commit number as the connection's transaction sees it; also pins a snapshot. */
  private static long fileVersion(SqlConnection connection) throws SQLException {
    try (SqlConnection.Rows rows = connection.query(connection.prepare(SNAPSHOT))) {
      return rows.next() ? rows.results().getLong(1) : 0;
    }
  }

  private void rollback(Throwable cause) {
    try {
      writer.prepare("ROLLBACK").executeUpdate();
    } catch (SQLException e) {
      writer.discardCached();
      // A failed BEGIN or COMMIT leaves no transaction to roll back: only other failures are
      // worth reporting, and then the caches may hold anything, so drop them.
      if (!noTransaction(e)) {
        cause.addSuppressed(errors.translate(e, "roll back a write transaction"));
        caches.clear();
      }
    }
  }

  private static boolean noTransaction(SQLException e) {
    return String.valueOf(e.getMessage()).contains("no transaction is active");
  }

  /** Runs {@code work} against one snapshot; see the design note at the top of this file. */
  @Override
  protected <T> T newRead(Function<? super StorageSession, T> work) {
    if (readers.isEmpty()) {
      return underWriteLock(() -> inReadTransaction(writer, work));
    }
    SqlConnection reader = borrowReader();
    try {
      return inReadTransaction(reader, work);
    } finally {
      returnReader(reader);
    }
  }

  private <T> T inReadTransaction(
      SqlConnection connection, Function<? super StorageSession, T> work) {
    T result;
    try {
      long version = run(connection, "begin a read transaction", c -> {
        c.prepare("BEGIN").executeUpdate();
        return fileVersion(c);
      });
      result = inSession(connection, false, caches.reading(version), work);
    } catch (RuntimeException | Error e) {
      endRead(connection, e);
      throw e;
    }
    endRead(connection, null);
    return result;
  }

  /**
   * Ends a read transaction; a failure is added to {@code failure}, or thrown when none. A COMMIT
   * refused while cached statements keep an interrupt pending (a query cancelled for its budget)
   * is followed by a ROLLBACK once they are discarded, so the connection goes back clean.
   */
  private void endRead(SqlConnection connection, @Nullable Throwable failure) {
    try {
      connection.prepare("COMMIT").executeUpdate();
    } catch (SQLException e) {
      connection.discardCached();
      if (noTransaction(e) || rolledBack(connection)) {
        return;
      }
      SqliteStorageException ending = errors.translate(e, "end a read transaction");
      if (failure == null) {
        throw ending;
      }
      failure.addSuppressed(ending);
    }
  }

  private static boolean rolledBack(SqlConnection connection) {
    try {
      connection.execute("ROLLBACK");
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private SqlConnection borrowReader() {
    synchronized (idleReaders) {
      while (true) {
        checkOpen();
        SqlConnection reader = idleReaders.poll();
        if (reader != null) {
          return reader;
        }
        try {
          idleReaders.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SqliteStorageException(
              Kind.OTHER, errors.store() + ": interrupted while waiting for a reader connection");
        }
      }
    }
  }

  private void returnReader(SqlConnection reader) {
    synchronized (idleReaders) {
      if (closed) {
        closeQuietly(reader);
      } else {
        idleReaders.push(reader);
        idleReaders.notify();
      }
    }
  }

  /**
   * Folds the write-ahead log into the file and truncates it, so that no earlier page image (of
   * data since deleted) stays in the log. Waits for a running write; does nothing in memory. When a
   * reader still holds an old snapshot the log cannot be truncated yet, which is logged.
   */
  public void truncateLog() {
    if (file == null || closed) {
      return;
    }
    writeLock.lock();
    try {
      checkpoint();
    } finally {
      writeLock.unlock();
    }
  }

  private void checkpoint() {
    try {
      writer.queryLong("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (SQLException e) {
      log.warn("{}: truncating the write-ahead log failed: {}", name(), e.getMessage());
    }
  }

  /**
   * Closes every connection (a reader in use closes when its read ends); waits for a running write
   * to finish. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    synchronized (idleReaders) {
      for (SqlConnection reader : idleReaders) {
        closeQuietly(reader);
      }
      idleReaders.clear();
      idleReaders.notifyAll();
    }
    writeLock.lock();
    try {
      statistics.optimize(writer);
      if (file != null) {
        // Fold the WAL into the file now, so that the file alone holds every commit; closing the
        // last connection would do it too, but only if that is this read-write one.
        checkpoint();
      }
      closeQuietly(writer);
    } finally {
      writeLock.unlock();
    }
    caches.clear();
    log.info("Closed {}", errors.store());
  }

  private void closeQuietly(SqlConnection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      log.warn("{}: closing a connection failed: {}", errors.store(), e.getMessage());
    }
  }

  /** The file, or null for an in-memory database. */
  public @Nullable Path file() {
    return file;
  }

  public SqliteOptions options() {
    return options;
  }

  /**
   * Statements and result sets opened and not closed, over every connection; zero between calls
   * unless something leaks. For tests: read it when no call is running.
   */
  public int openResources() {
    return writer.openResources() + readers.stream().mapToInt(SqlConnection::openResources).sum();
  }

  /** True when every connection is closed. */
  public boolean allConnectionsClosed() {
    return writer.isClosed() && readers.stream().allMatch(SqlConnection::isClosed);
  }

  /** Entries in the shared caches, for tests. */
  public long cachedEntries() {
    return caches.size();
  }
}
