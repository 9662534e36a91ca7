package io.cdpkit.spring.boot;

import io.cdpkit.platform.CdpPlatform;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;

/**
 * Runs {@link CdpPlatform#runDue} on Spring's {@link TaskScheduler}, {@code period} after each round
 * ends, from context start to context stop. Stopping waits for a round in progress, so a graceful
 * shutdown never cuts a workflow step in half. A failing round is logged and the next runs as
 * planned. Thread-safe.
 */
public final class CdpDueWorkScheduler implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(CdpDueWorkScheduler.class);

  private final CdpPlatform platform;
  private final TaskScheduler scheduler;
  private final Duration period;
  private final Clock clock;
  private final ReentrantLock round = new ReentrantLock();
  private volatile @Nullable ScheduledFuture<?> future;
  private volatile Instant lastRoundEnded;
  private volatile @Nullable String lastFailure;

  /** A scheduler of {@code platform}'s due work on {@code scheduler}; not started. */
  public CdpDueWorkScheduler(CdpPlatform platform, TaskScheduler scheduler, Duration period) {
    this.platform = Objects.requireNonNull(platform, "platform");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.period = Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("cdp.scheduler.period must be positive, was " + period);
    }
    this.clock = platform.cdp().clock();
    this.lastRoundEnded = clock.instant();
  }

  @Override
  public void start() {
    future = scheduler.scheduleWithFixedDelay(this::runRound, period);
    log.info("CDP due work scheduled every {}", period);
  }

  private void runRound() {
    round.lock();
    try {
      platform.runDue(clock.instant());
      lastFailure = null;
    } catch (RuntimeException e) {
      lastFailure = e.toString();
      log.warn("a round of CDP due work failed; the next round runs as planned", e);
    } finally {
      lastRoundEnded = clock.instant();
      round.unlock();
    }
  }

  /** Cancels the next rounds and waits for the one in progress to end. */
  @Override
  public void stop() {
    ScheduledFuture<?> scheduled = future;
    future = null;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
    round.lock();
    round.unlock();
  }

  @Override
  public boolean isRunning() {
    return future != null;
  }

  /** The time since the last round ended (or since this scheduler was created). */
  public Duration lag() {
    Duration since = Duration.between(lastRoundEnded, clock.instant());
    return since.isNegative() ? Duration.ZERO : since;
  }

  /** What the last round threw, if it failed. */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }
}
