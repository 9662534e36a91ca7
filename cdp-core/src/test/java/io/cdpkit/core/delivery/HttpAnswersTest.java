package io.cdpkit.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class HttpAnswersTest {

  @Test
  void retryAfter_secondsAndHttpDates() {
    Instant now = Instant.parse("2026-06-15T12:00:00Z");
    assertThat(HttpAnswers.retryAfter("120", now)).contains(Duration.ofMinutes(2));
    assertThat(HttpAnswers.retryAfter("Mon, 15 Jun 2026 12:00:30 GMT", now))
        .contains(Duration.ofSeconds(30));
    assertThat(HttpAnswers.retryAfter("Mon, 15 Jun 2026 11:00:00 GMT", now))
        .contains(Duration.ZERO);
    assertThat(HttpAnswers.retryAfter("soon", now)).isEmpty();
    assertThat(HttpAnswers.retryAfter("99999999999999999999", now))
        .contains(Duration.ofSeconds(999_999_999L));
  }

  @Test
  void failure_retriesServerErrorsTimeoutsAndThrottles_only() {
    assertThat(HttpAnswers.failure(503, "HTTP 503", Duration.ofSeconds(120)))
        .isEqualTo(new DeliveryOutcome.RetryableFailure("HTTP 503", Duration.ofSeconds(120)));
    assertThat(HttpAnswers.failure(408, "HTTP 408", null)).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    assertThat(HttpAnswers.failure(429, "HTTP 429", null)).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    assertThat(HttpAnswers.failure(404, "HTTP 404", Duration.ofSeconds(1)))
        .isEqualTo(DeliveryOutcome.permanent("HTTP 404"));
  }
}
