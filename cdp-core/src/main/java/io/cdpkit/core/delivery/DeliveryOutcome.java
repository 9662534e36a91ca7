package io.cdpkit.core.delivery;

import io.cdpkit.core.InvalidInputException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What became of one delivery (a workflow send, a segment sync batch): {@link Delivered}, {@link
 * RetryableFailure} (try again later, as the {@link RetryPolicy} allows) or {@link
 * PermanentFailure} (trying again cannot help: a rejected address, an HTTP 4xx, a host off the
 * allow-list).
 *
 * <p>Senders and destinations return outcomes rather than throw. An exception that escapes one
 * anyway counts as a {@link RetryableFailure}; {@link #fromException(Throwable)} makes that
 * outcome. Reasons are meant for operators and logs: senders keep personal data such as addresses
 * out of them.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * DeliveryOutcome outcome = sender.send(message);
 * if (outcome instanceof DeliveryOutcome.RetryableFailure retry) { ... retry.retryAfter() ... }
 * }</pre>
 */
public sealed interface DeliveryOutcome
    permits DeliveryOutcome.Delivered,
        DeliveryOutcome.RetryableFailure,
        DeliveryOutcome.PermanentFailure {

  /** Delivered, with no id from the provider. */
  static Delivered delivered() {
    return new Delivered(null);
  }

  /** Delivered, with the provider's id for the message (an SMTP Message-ID, an API's id). */
  static Delivered delivered(String providerId) {
    return new Delivered(Objects.requireNonNull(providerId, "providerId"));
  }

  /** A failure worth retrying after the policy's delay. */
  static RetryableFailure retryable(String reason) {
    return new RetryableFailure(reason, null);
  }

  /** A failure worth retrying, not before {@code retryAfter} (an HTTP {@code Retry-After}). */
  static RetryableFailure retryable(String reason, Duration retryAfter) {
    return new RetryableFailure(reason, Objects.requireNonNull(retryAfter, "retryAfter"));
  }

  /** A failure that retrying cannot fix. */
  static PermanentFailure permanent(String reason) {
    return new PermanentFailure(reason);
  }

  /**
   * The outcome of a sender that threw: retryable, with the exception's class and message as the
   * reason. The engine applies this to any exception a sender throws.
   */
  static RetryableFailure fromException(Throwable thrown) {
    Objects.requireNonNull(thrown, "thrown");
    String message = thrown.getMessage();
    String type = thrown.getClass().getSimpleName();
    return new RetryableFailure(
        message == null || message.isBlank() ? "sender threw " + type : type + ": " + message,
        null);
  }

  /** True for {@link Delivered}. */
  default boolean isDelivered() {
    return this instanceof Delivered;
  }

  /** True for {@link RetryableFailure}. */
  default boolean isRetryable() {
    return this instanceof RetryableFailure;
  }

  /**
   * The message reached the provider or endpoint.
   *
   * @param providerId the provider's id for the message, or {@code null} when it gave none
   */
  record Delivered(@Nullable String providerId) implements DeliveryOutcome {
    /** The provider's id, if it gave one. */
    public Optional<String> findProviderId() {
      return Optional.ofNullable(providerId);
    }
  }

  /**
   * A failure that may pass: a timeout, a refused connection, an HTTP 5xx, an SMTP 4xx.
   *
   * @param reason what failed, for operators; not empty
   * @param retryAfter the wait the receiver asked for, or {@code null} to use the retry policy's
   */
  record RetryableFailure(String reason, @Nullable Duration retryAfter) implements DeliveryOutcome {
    /**
     * @throws InvalidInputException for an empty reason or a negative wait
     */
    public RetryableFailure {
      checkReason(reason);
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new InvalidInputException("retryAfter", retryAfter, "must not be negative");
      }
    }

    /** The wait the receiver asked for, if any. */
    public Optional<Duration> findRetryAfter() {
      return Optional.ofNullable(retryAfter);
    }
  }

  /**
   * A failure that retrying cannot fix: an HTTP 4xx, an SMTP 5xx, a request refused before it was
   * sent.
   *
   * @param reason what failed, for operators; not empty
   */
  record PermanentFailure(String reason) implements DeliveryOutcome {
    /**
     * @throws InvalidInputException for an empty reason
     */
    public PermanentFailure {
      checkReason(reason);
    }
  }

  private static void checkReason(String reason) {
    if (reason == null || reason.isBlank()) {
      throw new InvalidInputException("reason", reason, "must not be blank");
    }
  }
}
