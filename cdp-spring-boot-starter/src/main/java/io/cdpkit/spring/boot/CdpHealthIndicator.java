package io.cdpkit.spring.boot;

import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.workflows.Workflow;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The platform's health: DOWN when the store does not answer, or when the due-work scheduler has
 * not finished a round for longer than {@code cdp.scheduler.max-lag}; the number of failed
 * enrollments is reported as a detail (they wait for a retry, the instance is still healthy).
 */
public final class CdpHealthIndicator extends AbstractHealthIndicator {
  private final CdpPlatform platform;
  private final @Nullable CdpDueWorkScheduler scheduler;
  private final Duration maxLag;

  /** Health of {@code platform}, with the lag of {@code scheduler} when there is one. */
  public CdpHealthIndicator(CdpPlatform platform, @Nullable CdpDueWorkScheduler scheduler, Duration maxLag) {
    super("CDP health check failed");
    this.platform = Objects.requireNonNull(platform, "platform");
    this.scheduler = scheduler;
    this.maxLag = Objects.requireNonNull(maxLag, "maxLag");
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    // A count reads the store; an exception here is reported as DOWN with the error.
    builder.withDetail("profiles", platform.cdp().countProfiles());
    long failed = 0;
    for (Workflow workflow : platform.workflows().list()) {
      failed += platform.workflows().failed(workflow.name()).size();
    }
    builder.withDetail("failedEnrollments", failed);
    if (scheduler == null) {
      builder.up().withDetail("scheduler", "off");
      return;
    }
    Duration lag = scheduler.lag();
    builder.withDetail("schedulerLag", lag.toString());
    scheduler.lastFailure().ifPresent(failure -> builder.withDetail("lastRoundFailure", failure));
    if (scheduler.isRunning() && lag.compareTo(maxLag) > 0) {
      builder.down().withDetail("reason", "no round of due work ended in " + lag + " (max " + maxLag + ")");
    } else {
      builder.up();
    }
  }
}
