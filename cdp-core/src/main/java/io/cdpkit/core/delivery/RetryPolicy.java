package io.cdpkit.core.delivery;

import io.cdpkit.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a send that failed with a {@link DeliveryOutcome.RetryableFailure} is tried again: exponential
 * back-off from {@code initialInterval}, multiplied by {@code backoffCoefficient} after each
 * failure, capped at {@code maximumInterval}, for at most {@code maximumAttempts} attempts in all
 * (the first one included). Modelled on Temporal's {@code RetryOptions}, except that the number of
 * attempts is always bounded. Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.defaults().toBuilder().maximumAttempts(3).build();
 * policy.delayFor(1);   // PT30S: the wait after the first attempt failed
 * policy.delayFor(2);   // PT1M
 * policy.nextDelay(3, failure);   // Optional.empty(): no attempts left
 * }</pre>
 *
 * @param initialInterval the wait after the first failed attempt; positive
 * @param backoffCoefficient the factor between consecutive waits; at least 1.0 and finite
 * @param maximumInterval the longest wait, also bounding a receiver's {@code Retry-After}; at least
 *     {@code initialInterval}
 * @param maximumAttempts the attempts in all, the first included; at least 1 (1 means no retry)
 */
public record RetryPolicy(
    Duration initialInterval,
    double backoffCoefficient,
    Duration maximumInterval,
    int maximumAttempts) {

  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30), 6);

  /**
   * @throws InvalidInputException naming the component, its value and the rule it breaks
   */
  public RetryPolicy {
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maximumInterval, "maximumInterval");
    if (initialInterval.isNegative() || initialInterval.isZero()) {
      throw new InvalidInputException("initialInterval", initialInterval, "must be positive");
    }
    if (!(backoffCoefficient >= 1.0) || Double.isInfinite(backoffCoefficient)) {
      throw new InvalidInputException(
          "backoffCoefficient", backoffCoefficient, "must be at least 1.0 and finite");
    }
    if (maximumInterval.compareTo(initialInterval) < 0) {
      throw new InvalidInputException(
          "maximumInterval",
          maximumInterval,
          "must be at least initialInterval (" + initialInterval + ")");
    }
    if (maximumAttempts < 1) {
      throw new InvalidInputException("maximumAttempts", maximumAttempts, "must be at least 1");
    }
  }

  /**
   * 30 seconds, doubling, at most 30 minutes apart, 6 attempts in all: about 15 minutes of
   * retries, enough to ride out a short outage of a mail server or API.
   */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** A policy that never retries: one attempt. */
  public static RetryPolicy noRetry() {
    return DEFAULTS.toBuilder().maximumAttempts(1).build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder starting from this policy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * The wait after attempt number {@code failedAttempt} failed, before the next one: {@code
   * initialInterval * backoffCoefficient^(failedAttempt - 1)}, at most {@code maximumInterval}.
   * Does not look at {@code maximumAttempts}; see {@link #nextDelay}.
   *
   * @throws IllegalArgumentException when {@code failedAttempt} is below 1
   */
  public Duration delayFor(int failedAttempt) {
    if (failedAttempt < 1) {
      throw new IllegalArgumentException("failedAttempt must be at least 1, was " + failedAttempt);
    }
    if (failedAttempt == 1 || backoffCoefficient == 1.0) {
      return initialInterval;
    }
    double seconds = seconds(initialInterval) * Math.pow(backoffCoefficient, failedAttempt - 1.0);
    if (!(seconds < seconds(maximumInterval))) {
      return maximumInterval;
    }
    long whole = (long) seconds;
    long nanos = Math.round((seconds - whole) * 1e9);
    return Duration.ofSeconds(whole, nanos);
  }

  /** True when another attempt may follow attempt number {@code failedAttempt}. */
  public boolean allowsRetryAfter(int failedAttempt) {
    return failedAttempt < maximumAttempts;
  }

  /**
   * The wait before the next attempt after {@code failedAttempt} failed with {@code failure}, or
   * empty when no attempt is left. A receiver's {@code Retry-After} lengthens the wait, up to
   * {@code maximumInterval}.
   *
   * @throws IllegalArgumentException when {@code failedAttempt} is below 1
   */
  public Optional<Duration> nextDelay(int failedAttempt, DeliveryOutcome.RetryableFailure failure) {
    Objects.requireNonNull(failure, "failure");
    Duration delay = delayFor(failedAttempt);
    if (!allowsRetryAfter(failedAttempt)) {
      return Optional.empty();
    }
    Duration asked = failure.retryAfter();
    if (asked != null && asked.compareTo(delay) > 0) {
      delay = asked.compareTo(maximumInterval) > 0 ? maximumInterval : asked;
    }
    return Optional.of(delay);
  }

  private static double seconds(Duration duration) {
    return duration.getSeconds() + duration.getNano() / 1e9;
  }

  /** Builds a {@link RetryPolicy}; each setter checks its argument, {@link #build()} the rest. */
  public static final class Builder {
    private Duration initialInterval;
    private double backoffCoefficient;
    private Duration maximumInterval;
    private int maximumAttempts;

    private Builder(RetryPolicy from) {
      this.initialInterval = from.initialInterval;
      this.backoffCoefficient = from.backoffCoefficient;
      this.maximumInterval = from.maximumInterval;
      this.maximumAttempts = from.maximumAttempts;
    }

    /**
     * @throws InvalidInputException unless positive
     */
    public Builder initialInterval(Duration value) {
      Objects.requireNonNull(value, "initialInterval");
      if (value.isNegative() || value.isZero()) {
        throw new InvalidInputException("initialInterval", value, "must be positive");
      }
      this.initialInterval = value;
      return this;
    }

    /**
     * @throws InvalidInputException unless at least 1.0 and finite
     */
    public Builder backoffCoefficient(double value) {
      if (!(value >= 1.0) || Double.isInfinite(value)) {
        throw new InvalidInputException(
            "backoffCoefficient", value, "must be at least 1.0 and finite");
      }
      this.backoffCoefficient = value;
      return this;
    }

    /**
     * @throws InvalidInputException unless positive
     */
    public Builder maximumInterval(Duration value) {
      Objects.requireNonNull(value, "maximumInterval");
      if (value.isNegative() || value.isZero()) {
        throw new InvalidInputException("maximumInterval", value, "must be positive");
      }
      this.maximumInterval = value;
      return this;
    }

    /**
     * @throws InvalidInputException unless at least 1
     */
    public Builder maximumAttempts(int value) {
      if (value < 1) {
        throw new InvalidInputException("maximumAttempts", value, "must be at least 1");
      }
      this.maximumAttempts = value;
      return this;
    }

    /**
     * @throws InvalidInputException when {@code maximumInterval} is below {@code initialInterval}
     */
    public RetryPolicy build() {
      return new RetryPolicy(initialInterval, backoffCoefficient, maximumInterval, maximumAttempts);
    }
  }
}
