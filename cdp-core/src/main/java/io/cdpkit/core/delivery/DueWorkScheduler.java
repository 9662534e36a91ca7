package io.cdpkit.core.delivery;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs due work on a caller's executor at a fixed delay between runs, so a slow run never queues
 * the next one behind it; a failing run is logged and the next one still comes. {@link #close()}
 * cancels every run it scheduled. Thread-safe.
 *
 * <pre>{@code
 * DueWorkScheduler scheduler = new DueWorkScheduler("workflow run");
 * Subscription runs = scheduler.schedule(executor, Duration.ZERO, Duration.ofSeconds(30),
 *     () -> engine.runDue(clock.instant()));
 * }</pre>
 */
public final class DueWorkScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DueWorkScheduler.class);

  private final String what;
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

  /** A scheduler whose log lines name the work as {@code what}, such as "segment refresh". */
  public DueWorkScheduler(String what) {
    this.what = Objects.requireNonNull(what, "what");
  }

  /**
   * Runs {@code task} after {@code initialDelay}, then {@code period} after each run ends, until
   * the returned subscription or this scheduler is closed.
   *
   * @throws InvalidInputException when the period is under a millisecond or the initial delay is
   *     negative
   */
  public Subscription schedule(
      ScheduledExecutorService executor, Duration initialDelay, Duration period, Runnable task) {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(task, "task");
    if (Objects.requireNonNull(period, "period").toMillis() < 1) {
      throw new InvalidInputException("period", period, "must be at least one millisecond");
    }
    if (Objects.requireNonNull(initialDelay, "initialDelay").isNegative()) {
      throw new InvalidInputException("initialDelay", initialDelay, "must not be negative");
    }
    ScheduledFuture<?> future =
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                task.run();
              } catch (RuntimeException e) {
                log.warn("Scheduled {} failed; it runs again next period", what, e);
              }
            },
            initialDelay.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    synchronized (scheduled) {
      scheduled.add(future);
    }
    return () -> future.cancel(false);
  }

  /** Cancels every run this scheduler scheduled; a run in progress finishes. */
  @Override
  public void close() {
    synchronized (scheduled) {
      for (ScheduledFuture<?> future : scheduled) {
        future.cancel(false);
      }
      scheduled.clear();
    }
  }
}
