package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.Subscription;
import io.cdpkit.workflows.WorkflowEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a task at a fixed delay on callers' executors; cancels them all on close. Thread-safe. */
final class RunScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

  /**
   * Runs {@code task} now and then {@code period} after each run ends; a failing run is logged and
   * the next one still comes.
   *
   * @throws IllegalArgumentException when the period is not positive
   */
  Subscription schedule(ScheduledExecutorService executor, Duration period, Runnable task) {
    Objects.requireNonNull(executor, "executor");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    ScheduledFuture<?> future =
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                task.run();
              } catch (RuntimeException e) {
                log.warn("scheduled workflow run failed", e);
              }
            },
            0, period.toNanos(), TimeUnit.NANOSECONDS);
    synchronized (scheduled) {
      scheduled.add(future);
    }
    return () -> future.cancel(false);
  }

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
