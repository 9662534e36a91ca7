package io.cdpkit.storage.jdbc;

import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Cancels a running statement once its time is up. {@link Statement#setQueryTimeout} cannot do
 * this on SQLite, where it only bounds the wait for a lock; {@link Statement#cancel} interrupts a
 * running query on both SQLite and PostgreSQL. Close it when the statement is done.
 */
public final class StatementWatchdog implements AutoCloseable {
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "cdpkit-statement-watchdog");
        thread.setDaemon(true);
        return thread;
      });

  private final Statement statement;
  private final @Nullable ScheduledFuture<?> pending;
  // Guarded by this: once closed, the watchdog never cancels, so no interrupt outlives its query.
  private boolean closed;
  private boolean fired;

  private StatementWatchdog(Statement statement, @Nullable Duration limit) {
    this.statement = statement;
    this.pending = limit == null
        ? null
        : TIMER.schedule(this::fire, limit.toNanos(), TimeUnit.NANOSECONDS);
  }

  private synchronized void fire() {
    if (closed) {
      return;
    }
    fired = true;
    try {
      statement.cancel();
    } catch (SQLException ignored) {
      // The statement finished or closed meanwhile: nothing left to stop.
    }
  }

  /** Watches {@code statement}; does nothing when {@code limit} is null. */
  public static StatementWatchdog watch(Statement statement, @Nullable Duration limit) {
    return new StatementWatchdog(statement, limit);
  }

  /**
   * Whether the time ran out and the statement was cancelled. Check it also after a query that
   * succeeded: a cancel that raced its end may leave the connection's next statement interrupted.
   */
  public synchronized boolean fired() {
    return fired;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (pending != null) {
      pending.cancel(false);
    }
  }
}
