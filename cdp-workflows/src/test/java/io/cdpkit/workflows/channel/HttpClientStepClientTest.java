package io.cdpkit.workflows.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.workflows.spi.contract.LocalHttpServer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class HttpClientStepClientTest {
  private final LocalHttpServer server = LocalHttpServer.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpRequestSpec request(String path) {
    return HttpRequestSpec.builder()
        .uri(server.uri(path))
        .timeout(Duration.ofSeconds(2))
        .idempotencyKey(IdempotencyKey.of("e", "s", 1))
        .build();
  }

  @Test
  void send_hostOffTheAllowList_isPermanentAndNeverConnects() {
    HttpClientStepClient client =
        HttpClientStepClient.create(HttpStepOptions.builder().allowHosts("api.example.com").build());
    DeliveryOutcome outcome = client.send(request("/status/200"));
    assertThat(outcome).isInstanceOf(DeliveryOutcome.PermanentFailure.class);
    assertThat(((DeliveryOutcome.PermanentFailure) outcome).reason())
        .isEqualTo(
            "host '127.0.0.1' is not on the HTTP step allow-list [api.example.com]; the call was not made");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void send_defaultOptions_allowNothing() {
    HttpClientStepClient client = HttpClientStepClient.create(HttpStepOptions.defaults());
    assertThat(client.send(request("/status/200"))).isInstanceOf(DeliveryOutcome.PermanentFailure.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void send_setsUserAgentUnlessTheRequestDoes() {
    HttpClientStepClient client =
        HttpClientStepClient.create(HttpStepOptions.builder().allowHosts("127.0.0.1").build());
    client.send(request("/a"));
    client.send(request("/b").toBuilder().header("User-Agent", "crm-sync/2").build());
    assertThat(server.received().get(0).header("User-Agent")).isEqualTo("cdpkit-workflows");
    assertThat(server.received().get(1).header("User-Agent")).isEqualTo("crm-sync/2");
  }

  @Test
  void send_retryAfterAsDate_usesTheInjectedClock() {
    HttpClientStepClient client =
        HttpClientStepClient.create(
            HttpStepOptions.builder()
                .allowHosts("127.0.0.1")
                .clock(java.time.Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), java.time.ZoneOffset.UTC))
                .build());
    DeliveryOutcome outcome = client.send(request("/retry-after/503/Mon,%2015%20Jun%202026%2012:01:00%20GMT"));
    assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    assertThat(((DeliveryOutcome.RetryableFailure) outcome).retryAfter()).isEqualTo(Duration.ofMinutes(1));
  }
}
