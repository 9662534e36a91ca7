package io.cdpkit.platform.internal;

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
 * The one thread that runs a platform's due work (segment refresh, workflow steps, sync rounds)
 * at a fixed delay. A failing round is logged and the next one runs as planned; {@link #close()}
 * lets a round in progress finish before it returns. Thread-safe.
 */
public final class DueWorkScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DueWorkScheduler.class);
  private static final Duration GRACE = Duration.ofSeconds(30);

  private final Clock clock;
  private final Consumer<Instant> work;
  private @Nullable ScheduledExecutorService executor;

  /** A scheduler that calls {@code work} with the clock's instant; not started. */
  public DueWorkScheduler(Clock clock, Consumer<Instant> work) {
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
      throw new IllegalStateException("the scheduler was already started");
    }
    ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "cdp-due-work");
      thread.setDaemon(true);
      return thread;
    });
    started.scheduleWithFixedDelay(this::round, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    executor = started;
    log.info("due work scheduled every {}", period);
  }

  /** True between {@link #start} and {@link #close}. */
  public synchronized boolean running() {
    return executor != null;
  }

  private void round() {
    try {
      work.accept(clock.instant());
    } catch (RuntimeException e) {
      log.warn("a round of due work failed; the next round runs as planned", e);
    }
  }

  /** Stops scheduling and waits for a round in progress to end. */
  @Override
  public synchronized void close() {
    ScheduledExecutorService running = executor;
    if (running == null) {
      return;
    }
    executor = null;
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
