package io.cdpkit.platform.internal;

import io.cdpkit.core.delivery.DueWorkScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread a platform owns for its due work (segment refresh, workflow steps, sync rounds).
 * Rounds are scheduled by the library's {@link DueWorkScheduler} (fixed delay, a failing round
 * logged and the next one run as planned); this class owns the thread, and {@link #close()} lets a
 * round in progress finish before it returns. Thread-safe.
 */
public final class DueWorkThread implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DueWorkThread.class);
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final Clock clock;
  private final Consumer<Instant> work;
  private final DueWorkScheduler scheduler = new DueWorkScheduler("due work");
  private @Nullable ScheduledExecutorService executor;

  /** A thread that calls {@code work} with the clock's instant; not started. */
  public DueWorkThread(Clock clock, Consumer<Instant> work) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.work = Objects.requireNonNull(work, "work");
  }

  /**
   * Runs the work now and then {@code period} after each round ends.
   *
   * @throws IllegalStateException when already started
   */
  public synchronized void start(Duration period) {
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    if (executor != null) {
      throw new IllegalStateException("the due-work thread was already started");
    }
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "cdp-due-work");
      thread.setDaemon(true);
      return thread;
    });
    scheduler.schedule(started, Duration.ZERO, period, () -> work.accept(clock.instant()));
    executor = started;
    log.info("due work scheduled every {}", period);
  }

  /** True between {@link #start} and {@link #close}. */
  public synchronized boolean running() {
    return executor != null;
  }

  /** Stops scheduling and waits for a round in progress to end. */
  @Override
  public synchronized void close() {
    ScheduledExecutorService running = executor;
    if (running == null) {
      return;
    }
    executor = null;
    scheduler.close();
    running.shutdown();
    try {
      if (!running.awaitTermination(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("a round of due work did not end within {}; interrupting it", GRACE);
        running.shutdownNow();
      }
    } catch (InterruptedException e) {
      running.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
