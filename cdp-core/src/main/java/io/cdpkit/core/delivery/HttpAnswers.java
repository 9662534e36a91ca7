package io.cdpkit.core.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an HTTP answer becomes a {@link DeliveryOutcome}, the same for every HTTP delivery: a
 * success status is delivered; 5xx, 408 (request timeout) and 429 (too many requests) are
 * retryable, with the server's {@code Retry-After} when it sent one; any other status is
 * permanent. Stateless and thread-safe.
 */
public final class HttpAnswers {
  private HttpAnswers() {}

  /** True for the statuses worth retrying: 5xx, 408 and 429. */
  public static boolean isRetryable(int status) {
    return status >= 500 || status == 408 || status == 429;
  }

  /**
   * The outcome of a failed answer ({@code status} not a success): retryable with {@code
   * retryAfter} for {@link #isRetryable} statuses, permanent otherwise, with {@code reason}.
   */
  public static DeliveryOutcome failure(int status, String reason, @Nullable Duration retryAfter) {
    if (!isRetryable(status)) {
      return DeliveryOutcome.permanent(reason);
    }
    return new DeliveryOutcome.RetryableFailure(reason, retryAfter);
  }

  /**
   * A {@code Retry-After} value as a wait from {@code now}: delay seconds, or an HTTP date (RFC
   * 9110 section 10.2.3; a date in the past waits zero); empty when it is neither. Absurdly long
   * second counts are clamped to 999,999,999 s.
   */
  public static Optional<Duration> retryAfter(String value, Instant now) {
    String text = value.strip();
    if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
      if (text.length() > 9) {
        return Optional.of(Duration.ofSeconds(999_999_999L));
      }
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Instant at =
          ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT))
              .toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
