package io.cdpkit.workflows.spi;

import io.cdpkit.core.delivery.DeliveryOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class RequestRecordsTest {
  private static final IdempotencyKey KEY = IdempotencyKey.of("enr-1", "step-1", 1);

  private static EmailMessage.Builder email() {
    return EmailMessage.builder().to("ann@example.com").subject("Hi").textBody("Hello").idempotencyKey(KEY);
  }

  private static HttpRequestSpec.Builder http() {
    return HttpRequestSpec.builder().uri(URI.create("https://api.example.com/x")).idempotencyKey(KEY);
  }

  @Test
  void emailMessage_validMessage_keepsHeadersInOrder() {
    EmailMessage message = email().header("Reply-To", "help@example.com").header("X-A", "1").build();
    assertThat(message.headers()).containsExactly(Map.entry("Reply-To", "help@example.com"), Map.entry("X-A", "1"));
    assertThat(message.toBuilder().build()).isEqualTo(message);
    assertThat(message.findFrom()).isEmpty();
  }

  @Test
  void emailMessage_noBody_isRejected() {
    assertThatThrownBy(() -> email().textBody(null).build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body"));
  }

  @Test
  void emailMessage_headerInjection_isRejected() {
    assertThatThrownBy(() -> email().subject("Hi\r\nBcc: evil@example.com").build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("subject"));
    assertThatThrownBy(() -> email().header("X-A", "1\nBcc: x").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> email().to("a@b.c, evil@example.com").build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
  }

  @Test
  void emailMessage_reservedHeader_isRejected() {
    assertThatThrownBy(() -> email().header("bcc", "x@example.com").build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.value()).isEqualTo("bcc"));
    assertThatThrownBy(() -> email().header("X-Idempotency-Key", "k").build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void emailMessage_badAddress_isRejected() {
    assertThatThrownBy(() -> email().to("ann").build()).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> EmailMessage.builder().subject("x").textBody("x").idempotencyKey(KEY).build())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void channelMessage_badChannel_isRejected() {
    assertThatThrownBy(() -> new ChannelMessage("SMS", "+4912345678", "t", "x", Map.of(), KEY))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("channel"));
    assertThatThrownBy(() -> new ChannelMessage("sms", " ", "t", "x", Map.of(), KEY))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("to"));
  }

  @Test
  void httpRequestSpec_defaults_areGetTenSecondsAnyTwoHundred() {
    HttpRequestSpec spec = http().build();
    assertThat(spec.method()).isEqualTo("GET");
    assertThat(spec.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(spec.isSuccess(204)).isTrue();
    assertThat(spec.isSuccess(302)).isFalse();
    assertThat(spec.toBuilder().expectedStatus(201).build().isSuccess(200)).isFalse();
  }

  @Test
  void httpRequestSpec_badRequests_areRejected() {
    assertThatThrownBy(() -> http().uri(URI.create("ftp://example.com/x")).build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("uri"));
    assertThatThrownBy(() -> http().uri(URI.create("/relative")).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> http().method("get").build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("method"));
    assertThatThrownBy(() -> http().body("x").build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("body"));
    assertThatThrownBy(() -> http().header("Host", "evil").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> http().header("Idempotency-Key", "k").build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> http().header("X-A", "1").header("x-a", "2").build())
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.rule()).contains("twice"));
    assertThatThrownBy(() -> http().timeout(Duration.ZERO).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> http().expectedStatus(99).build())
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void sendOutcome_fromException_isRetryableWithTheMessage() {
    DeliveryOutcome.RetryableFailure outcome = DeliveryOutcome.fromException(new IllegalStateException("boom"));
    assertThat(outcome.reason()).isEqualTo("IllegalStateException: boom");
    assertThat(outcome.isRetryable()).isTrue();
    assertThat(DeliveryOutcome.fromException(new RuntimeException()).reason()).isEqualTo("sender threw RuntimeException");
  }

  @Test
  void sendOutcome_blankReasonOrNegativeWait_isRejected() {
    assertThatThrownBy(() -> DeliveryOutcome.permanent(" ")).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> DeliveryOutcome.retryable("x", Duration.ofSeconds(-1)))
        .isInstanceOf(InvalidInputException.class);
    assertThat(DeliveryOutcome.delivered("id-1").findProviderId()).contains("id-1");
    assertThat(DeliveryOutcome.delivered().isDelivered()).isTrue();
  }
}
