package io.cdpkit.segments.activation;

import java.time.Duration;
import java.util.Objects;

/**
 * How a failed batch is retried: after {@code initialInterval}, then each wait {@code
 * backoffCoefficient} times longer up to {@code maximumInterval}; after {@code maximumAttempts}
 * failed attempts the sync is marked failed.
 */
public record RetryPolicy(
    Duration initialInterval, double backoffCoefficient, Duration maximumInterval, int maximumAttempts) {

  public RetryPolicy {
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maximumInterval, "maximumInterval");
    if (initialInterval.isNegative() || initialInterval.isZero()) {
      throw new IllegalArgumentException("initialInterval must be positive, was " + initialInterval);
    }
    if (!(backoffCoefficient >= 1.0) || Double.isInfinite(backoffCoefficient)) {
      throw new IllegalArgumentException("backoffCoefficient must be at least 1, was " + backoffCoefficient);
    }
    if (maximumInterval.compareTo(initialInterval) < 0) {
      throw new IllegalArgumentException("maximumInterval " + maximumInterval
          + " must not be shorter than initialInterval " + initialInterval);
    }
    if (maximumAttempts < 1) {
      throw new IllegalArgumentException("maximumAttempts must be at least 1, was " + maximumAttempts);
    }
  }

  /** 10 s, doubling, at most 10 min, 12 attempts (about an hour and a half in all). */
  public static RetryPolicy defaults() {
    return new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 12);
  }

  /** The wait after the {@code attempt}-th failure (1 for the first). */
  public Duration delayAfter(int attempt) {
    double millis = initialInterval.toMillis() * Math.pow(backoffCoefficient, Math.max(0, attempt - 1));
    return millis >= maximumInterval.toMillis() ? maximumInterval : Duration.ofMillis((long) millis);
  }
}
