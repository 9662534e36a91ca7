package io.cdpkit.storage.postgres.internal;

import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.storage.jdbc.SqlConnection;
import io.cdpkit.storage.jdbc.TransactionRunner;
import io.cdpkit.storage.jdbc.core.RowCache;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorageException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design: transactions as callbacks, serializable, retried.
 *
 * Several application instances write one database, so the one-writer lock of the SQLite store
 * cannot serialise writes. Each Storage.write instead runs at SERIALIZABLE isolation: PostgreSQL
 * guarantees the outcome equals some serial order of the committed transactions, and aborts one
 * of two that would break that (SQLSTATE 40001, or 40P01 for a deadlock). The aborted callback
 * is run again on a fresh transaction, after a short random pause, up to writeAttempts times; the
 * callbacks the Cdp engine passes keep no effects outside the session between attempts. So two
 * instances resolving overlapping identifiers reach the same answer as if one had run first: one
 * profile per identifier, no lost event.
 *
 * Under heavy contention on a few rows (four threads merging the same people), serializable
 * transactions can keep aborting each other. So every write holds a shared advisory lock (taken
 * before BEGIN, released after the end), and a write that has conflicted ESCALATE_AFTER times
 * takes it exclusively instead: it then runs with no other write beside it, in any instance, and
 * cannot conflict again. Progress is guaranteed, at the price of two short statements per write.
 *
 * Reads run at REPEATABLE READ, READ ONLY: one snapshot for the whole callback, never blocking
 * writers. A read on a thread inside a write uses the write's transaction, and a write nested in
 * a write joins it, as in the other stores.
 *
 * There are no caches: another instance may change any row at any time.
 */
/** The pool and transactions behind a {@code PostgresStorage}. Thread-safe. */
public final class PgDatabase extends TransactionRunner {
  private static final Logger log = LoggerFactory.getLogger(PgDatabase.class);
  /** The advisory lock key writes hold: {@code 'CDPW'}. */
  private static final long WRITE_LOCK = 0x43445057L;
  private static final int ESCALATE_AFTER = 3;

  private final DataSource dataSource;
  private final @Nullable AutoCloseable ownedPool;
  private final PostgresOptions options;
  private final SqlFailures failures;
  private final LeaseClaims claims;
  private final PlannerStatistics statistics;

  private PgDatabase(
      DataSource dataSource,
      @Nullable AutoCloseable ownedPool,
      PostgresOptions options,
      SqlFailures failures,
      PlannerStatistics statistics,
      LeaseClaims claims) {
    super(failures, PostgresDialect.INSTANCE, claims, claims.batchClaims());
    this.claims = claims;
    this.dataSource = dataSource;
    this.ownedPool = ownedPool;
    this.options = options;
    this.failures = failures;
    this.statistics = statistics;
  }

  /**
   * Opens a pool on {@code jdbcUrl} ({@code jdbc:postgresql://...}) and migrates the database.
   *
   * @throws PostgresStorageException when the server cannot be reached, refuses the login, or
   *     holds a schema newer than this module
   */
  public static PgDatabase open(String jdbcUrl, PostgresOptions options) {
    String store = "PostgreSQL store " + PostgresUrls.describe(jdbcUrl);
    HikariPool.requireAvailable(store);
    DataSource pool;
    try {
      pool = HikariPool.open(jdbcUrl, options);
    } catch (RuntimeException e) {
      throw new PostgresStorageException(
          store + ": could not connect: " + e.getMessage(), sqlState(e), e);
    }
    try {
      return open(pool, (AutoCloseable) pool, options, store);
    } catch (RuntimeException e) {
      try {
        ((AutoCloseable) pool).close();
      } catch (Exception closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** Uses the caller's data source (which it keeps owning) and migrates the database. */
  public static PgDatabase open(DataSource dataSource, PostgresOptions options, String store) {
    return open(dataSource, null, options, store);
  }

  private static PgDatabase open(
      DataSource dataSource,
      @Nullable AutoCloseable ownedPool,
      PostgresOptions options,
      String store) {
    SqlFailures failures = new SqlFailures(store);
    PlannerStatistics statistics = new PlannerStatistics(store);
    try (Connection connection = dataSource.getConnection()) {
      int before = PgMigrations.migrate(connection, store);
      statistics.analyzeGrown(connection);
      log.info(
          "Opened {} (schema version {}{})",
          store,
          PgMigrations.LATEST,
          before == PgMigrations.LATEST ? "" : ", migrated from " + before);
    } catch (SQLException e) {
      throw failures.translate(e, "open the database");
    }
    return new PgDatabase(dataSource, ownedPool, options, failures, statistics, new LeaseClaims(options));
  }

  private static @Nullable String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  /** Runs {@code work} in one write transaction; see the design note at the top of this file. */
  @Override
  protected <T> T newWrite(Function<? super StorageSession, T> work) {
    for (int attempt = 1; ; attempt++) {
      checkOpen();
      try {
        return inWriteTransaction(work, attempt > ESCALATE_AFTER);
      } catch (RuntimeException e) {
        if (attempt >= options.writeAttempts() || !SqlFailures.retryable(e)) {
          throw e;
        }
        log.debug("{}: write conflicted with another transaction, attempt {} of {}",
            failures.store(), attempt, options.writeAttempts());
        pause(attempt);
      }
    }
  }

  /** Waits a random time that grows with the attempt, so two conflicting writers spread apart. */
  private static void pause(int attempt) {
    long maxMicros = Math.min(50_000, 500L << Math.min(attempt, 7));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros) * 1_000);
  }

  private <T> T inWriteTransaction(Function<? super StorageSession, T> work, boolean alone) {
    return onConnection("begin a write transaction", connection -> {
      // Taken before BEGIN, so a write that waited for the lock takes its snapshot after it.
      advisory(connection, alone ? "pg_advisory_lock" : "pg_advisory_lock_shared");
      try {
        T result = inTransaction(connection, true, work);
        statistics.afterWrite(connection);
        return result;
      } finally {
        advisory(connection, alone ? "pg_advisory_unlock" : "pg_advisory_unlock_shared");
      }
    });
  }

  /** Runs {@code work} on a connection borrowed from the pool for it. */
  private <T> T onConnection(String doing, Function<Connection, T> work) {
    Connection connection;
    try {
      connection = dataSource.getConnection();
    } catch (SQLException e) {
      throw failures.translate(e, doing);
    }
    try (connection) {
      return work.apply(connection);
    } catch (SQLException e) {
      throw failures.translate(e, "return a connection to the pool");
    }
  }

  /** Runs one of the write lock's functions in auto-commit mode. */
  private void advisory(Connection connection, String function) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT " + function + "(" + WRITE_LOCK + ")");
    } catch (SQLException e) {
      throw failures.translate(e, "take or release the write lock");
    }
  }

  /**
   * Runs {@code work} in one transaction on {@code connection}: SERIALIZABLE for a write,
   * REPEATABLE READ READ ONLY for a read; commits when it returns, rolls back when it throws, and
   * leaves the connection as the pool lent it.
   */
  private <T> T inTransaction(
      Connection connection, boolean writable, Function<? super StorageSession, T> work) {
    String kind = writable ? "write" : "read";
    try {
      connection.setAutoCommit(false);
      connection.setTransactionIsolation(writable
          ? Connection.TRANSACTION_SERIALIZABLE : Connection.TRANSACTION_REPEATABLE_READ);
      connection.setReadOnly(!writable);
    } catch (SQLException e) {
      restore(connection);
      throw failures.translate(e, "begin a " + kind + " transaction");
    }
    SqlConnection statements = new SqlConnection(connection);
    try {
      T result = inSession(statements, writable, RowCache.none(), work);
      connection.commit();
      return result;
    } catch (SQLException e) {
      rollback(connection, e);
      throw failures.translate(e, "commit a " + kind + " transaction");
    } catch (RuntimeException | Error e) {
      rollback(connection, e);
      throw e;
    } finally {
      statements.discardCached();
      restore(connection);
    }
  }

  /** Runs {@code work} against one snapshot; see the design note at the top of this file. */
  @Override
  protected <T> T newRead(Function<? super StorageSession, T> work) {
    checkOpen();
    return onConnection("begin a read transaction", c -> inTransaction(c, false, work));
  }

  private void rollback(Connection connection, Throwable cause) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(failures.translate(e, "roll back a transaction"));
    }
  }

  /** Leaves a caller's pooled connection as it was lent: auto-commit, read-write, default level. */
  private static void restore(Connection connection) {
    try {
      connection.setAutoCommit(true);
      connection.setReadOnly(false);
      connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
    } catch (SQLException e) {
      // A broken connection: the pool discards it when it is returned.
    }
  }

  public PostgresOptions options() {
    return options;
  }

  /**
   * Ends this store's claims, then closes the pool this store opened (not a caller's data source).
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    claims.release(this);
    closed = true;
    if (ownedPool != null) {
      try {
        ownedPool.close();
      } catch (Exception e) {
        log.warn("Closing the pool of {} failed", failures.store(), e);
      }
    }
    log.info("Closed {}", failures.store());
  }
}
