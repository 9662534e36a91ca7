package io.cdpkit.workflows.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class RecordingSendersTest {
  private static EmailMessage email(String enrollment, int attempt) {
    return EmailMessage.builder()
        .to("ann@example.com")
        .subject("Hi")
        .textBody("Hello")
        .idempotencyKey(IdempotencyKey.of(enrollment, "welcome", attempt))
        .build();
  }

  @Test
  void send_byDefault_deliversAndRecordsInOrder() {
    RecordingEmailSender sender = new RecordingEmailSender();
    assertThat(sender.send(email("a", 1))).isEqualTo(DeliveryOutcome.delivered("recorded-1"));
    assertThat(sender.send(email("b", 1))).isEqualTo(DeliveryOutcome.delivered("recorded-2"));
    assertThat(sender.requests()).extracting(m -> m.idempotencyKey().enrollmentId()).containsExactly("a", "b");
    assertThat(sender.lastRequest().idempotencyKey().enrollmentId()).isEqualTo("b");
    assertThat(sender.sendCount()).isEqualTo(2);
  }

  @Test
  void failFirst_answersRetryableThenDelivers() {
    RecordingEmailSender sender = new RecordingEmailSender().failFirst(2);
    assertThat(sender.send(email("a", 1))).isEqualTo(DeliveryOutcome.retryable(RecordingSender.SCRIPTED_FAILURE));
    assertThat(sender.send(email("a", 2)).isRetryable()).isTrue();
    assertThat(sender.send(email("a", 3)).isDelivered()).isTrue();
    assertThat(sender.sendCount()).isEqualTo(3);
    assertThat(sender.distinctIdempotencyKeyCount()).isEqualTo(3);
    assertThat(sender.distinctSendCount()).isEqualTo(1);
    assertThat(sender.hasDuplicateKeys()).isFalse();
  }

  @Test
  void thenReturnAndThenThrow_followTheScriptInOrder() {
    RuntimeException broken = new IllegalStateException("provider SDK broke");
    RecordingMessageSender sender =
        new RecordingMessageSender().thenReturn(DeliveryOutcome.permanent("blocked number")).thenThrow(broken);
    ChannelMessage sms = new ChannelMessage("sms", "+4915112345678", "t", "x", Map.of(), IdempotencyKey.of("e", "s", 1));
    assertThat(sender.send(sms)).isEqualTo(DeliveryOutcome.permanent("blocked number"));
    assertThatThrownBy(() -> sender.send(sms)).isSameAs(broken);
    assertThat(sender.send(sms).isDelivered()).isTrue();
    assertThat(sender.sendCount()).isEqualTo(3);
    assertThat(sender.hasDuplicateKeys()).isTrue();
    assertThat(sender.requestsWith(IdempotencyKey.of("e", "s", 1))).hasSize(3);
    assertThat(sender.idempotencyKeys()).containsExactly(IdempotencyKey.of("e", "s", 1));
  }

  @Test
  void forwardingTo_sendsUnscriptedThroughTheDelegateOnly() {
    RecordingEmailSender inner = new RecordingEmailSender();
    RecordingEmailSender outer = RecordingEmailSender.forwardingTo(inner).failFirst(1);
    outer.send(email("a", 1));
    assertThat(outer.send(email("a", 2))).isEqualTo(DeliveryOutcome.delivered("recorded-1"));
    assertThat(outer.sendCount()).isEqualTo(2);
    assertThat(inner.requests()).extracting(m -> m.idempotencyKey().attempt()).containsExactly(2);
  }

  @Test
  void clear_forgetsRequestsAndScript() {
    RecordingHttpStepClient client = new RecordingHttpStepClient().failFirst(3);
    HttpRequestSpec spec =
        HttpRequestSpec.builder().uri(URI.create("https://api.example.com/x")).idempotencyKey(IdempotencyKey.of("e", "s", 1)).build();
    client.send(spec);
    client.clear();
    assertThat(client.requests()).isEmpty();
    assertThat(client.findLastRequest()).isEmpty();
    assertThatThrownBy(client::lastRequest).isInstanceOf(IllegalStateException.class).hasMessage("nothing was sent");
    assertThat(client.send(spec).isDelivered()).isTrue();
  }

  @Test
  void send_fromManyThreads_keepsEveryRequest() throws Exception {
    RecordingEmailSender sender = new RecordingEmailSender().failFirst(50);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<DeliveryOutcome>> results = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        EmailMessage message = email("e" + i, 1);
        results.add(pool.submit(() -> sender.send(message)));
      }
      int retryable = 0;
      for (Future<DeliveryOutcome> result : results) {
        retryable += result.get(10, TimeUnit.SECONDS).isRetryable() ? 1 : 0;
      }
      assertThat(retryable).isEqualTo(50);
      assertThat(sender.sendCount()).isEqualTo(400);
      assertThat(sender.distinctIdempotencyKeyCount()).isEqualTo(400);
    } finally {
      pool.shutdownNow();
    }
  }
}
