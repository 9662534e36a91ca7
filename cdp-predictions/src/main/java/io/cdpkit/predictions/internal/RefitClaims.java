package io.cdpkit.predictions.internal;

import io.cdpkit.predictions.PredictionFit;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** The rule of a refit claim, shared by the fit stores: who may refit at {@code now}. */
public final class RefitClaims {
  private RefitClaims() {}

  /**
   * True when a refit is due at {@code now} and nobody holds it: the latest fit is missing or at
   * least {@code refitEvery} old, and the last claim is missing, older than that fit, or at least
   * {@code lease} old (its holder gave up or died).
   */
  public static boolean due(@Nullable PredictionFit latest, @Nullable Instant claimed, Instant now,
      Duration refitEvery, Duration lease) {
    if (latest != null && latest.fittedAt().plus(refitEvery).isAfter(now)) {
      return false;
    }
    boolean claimOutlived = claimed == null || latest != null && !claimed.isAfter(latest.fittedAt());
    return claimOutlived || !claimed.plus(lease).isAfter(now);
  }
}
