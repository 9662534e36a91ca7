package io.cdpkit.segments.activation;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a destination answered for a batch: delivered, failed for now (retry with back-off), or
 * failed for good (the sync stops with the reason until resumed). An exception thrown by a
 * destination counts as a retryable failure.
 */
public sealed interface DeliveryOutcome
    permits DeliveryOutcome.Delivered, DeliveryOutcome.RetryableFailure,
        DeliveryOutcome.PermanentFailure {

  static DeliveryOutcome delivered() {
    return Delivered.INSTANCE;
  }

  static DeliveryOutcome retryable(String reason) {
    return new RetryableFailure(reason, null);
  }

  static DeliveryOutcome permanent(String reason) {
    return new PermanentFailure(reason);
  }

  /** The destination applied the batch (or had applied it before). */
  enum Delivered implements DeliveryOutcome {
    INSTANCE
  }

  /**
   * A failure that may pass (a timeout, a 5xx answer, a throttle).
   *
   * @param retryAfter how long the destination asked to wait, or null
   */
  record RetryableFailure(String reason, @Nullable Duration retryAfter) implements DeliveryOutcome {
    public RetryableFailure {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /** A failure that repeating will not fix (a 4xx answer, a refused host). */
  record PermanentFailure(String reason) implements DeliveryOutcome {
    public PermanentFailure {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
