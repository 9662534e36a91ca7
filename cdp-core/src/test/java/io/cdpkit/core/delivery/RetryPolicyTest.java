package io.cdpkit.core.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

final class RetryPolicyTest {
  private static final RetryPolicy POLICY =
      RetryPolicy.builder()
          .initialInterval(Duration.ofSeconds(1))
          .backoffCoefficient(2.0)
          .maximumInterval(Duration.ofSeconds(10))
          .maximumAttempts(5)
          .build();

  @Test
  void delayFor_growsExponentiallyUpToTheMaximum() {
    assertThat(POLICY.delayFor(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(POLICY.delayFor(2)).isEqualTo(Duration.ofSeconds(2));
    assertThat(POLICY.delayFor(3)).isEqualTo(Duration.ofSeconds(4));
    assertThat(POLICY.delayFor(4)).isEqualTo(Duration.ofSeconds(8));
    assertThat(POLICY.delayFor(5)).isEqualTo(Duration.ofSeconds(10));
    assertThat(POLICY.delayFor(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void delayFor_fractionalCoefficient_keepsSubSecondPrecision() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .initialInterval(Duration.ofMillis(100))
            .backoffCoefficient(1.5)
            .maximumInterval(Duration.ofSeconds(1))
            .build();
    assertThat(policy.delayFor(2)).isEqualTo(Duration.ofMillis(150));
    assertThat(policy.delayFor(3)).isEqualTo(Duration.ofMillis(225));
  }

  @Test
  void delayFor_attemptBelowOne_isRejected() {
    assertThatThrownBy(() -> POLICY.delayFor(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nextDelay_lastAttempt_isEmpty() {
    DeliveryOutcome.RetryableFailure failure = DeliveryOutcome.retryable("HTTP 503");
    assertThat(POLICY.nextDelay(4, failure)).contains(Duration.ofSeconds(8));
    assertThat(POLICY.nextDelay(5, failure)).isEmpty();
    assertThat(POLICY.allowsRetryAfter(4)).isTrue();
    assertThat(POLICY.allowsRetryAfter(5)).isFalse();
  }

  @Test
  void nextDelay_retryAfter_lengthensTheWaitUpToTheMaximum() {
    assertThat(POLICY.nextDelay(1, DeliveryOutcome.retryable("busy", Duration.ofSeconds(3))))
        .contains(Duration.ofSeconds(3));
    assertThat(POLICY.nextDelay(3, DeliveryOutcome.retryable("busy", Duration.ofSeconds(3))))
        .contains(Duration.ofSeconds(4));
    assertThat(POLICY.nextDelay(1, DeliveryOutcome.retryable("busy", Duration.ofHours(3))))
        .contains(Duration.ofSeconds(10));
  }

  @Test
  void noRetry_allowsOneAttempt() {
    assertThat(RetryPolicy.noRetry().maximumAttempts()).isEqualTo(1);
    assertThat(RetryPolicy.noRetry().nextDelay(1, DeliveryOutcome.retryable("x"))).isEmpty();
  }

  @Test
  void defaults_areValidAndRoundTripThroughTheBuilder() {
    assertThat(RetryPolicy.defaults().toBuilder().build()).isEqualTo(RetryPolicy.defaults());
    assertThat(RetryPolicy.defaults().delayFor(2)).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void constructor_badComponents_nameFieldAndValue() {
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, 2.0, Duration.ofSeconds(1), 3))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("initialInterval");
              assertThat(e.value()).isEqualTo("PT0S");
            });
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 3))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.field()).isEqualTo("backoffCoefficient"));
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofSeconds(1), Double.NaN, Duration.ofSeconds(1), 3))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofSeconds(2), 2.0, Duration.ofSeconds(1), 3))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.rule()).contains("initialInterval (PT2S)"));
    assertThatThrownBy(() -> RetryPolicy.builder().maximumAttempts(0))
        .isInstanceOfSatisfying(
            InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("maximumAttempts"));
  }

  @Property
  void delayFor_isMonotonicAndBounded(
      @ForAll @IntRange(min = 1, max = 10_000) int initialMillis,
      @ForAll @DoubleRange(min = 1.0, max = 10.0) double coefficient,
      @ForAll @IntRange(min = 1, max = 1_000) int attempt) {
    RetryPolicy policy =
        new RetryPolicy(
            Duration.ofMillis(initialMillis), coefficient, Duration.ofHours(1), 10);
    Duration current = policy.delayFor(attempt);
    assertThat(current).isBetween(Duration.ofMillis(initialMillis), Duration.ofHours(1));
    assertThat(policy.delayFor(attempt + 1)).isGreaterThanOrEqualTo(current);
  }
}
