package io.cdpkit.workflows.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.SendOutcome;
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
    SendOutcome outcome = client.send(request("/status/200"));
    assertThat(outcome).isInstanceOf(SendOutcome.PermanentFailure.class);
    assertThat(((SendOutcome.PermanentFailure) outcome).reason())
        .isEqualTo(
            "host '127.0.0.1' is not on the HTTP step allow-list [api.example.com]; the call was not made");
    assertThat(server.received()).isEmpty();
  }

  @Test
  void send_defaultOptions_allowNothing() {
    HttpClientStepClient client = HttpClientStepClient.create(HttpStepOptions.defaults());
    assertThat(client.send(request("/status/200"))).isInstanceOf(SendOutcome.PermanentFailure.class);
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
  void parseRetryAfter_secondsAndHttpDates() {
    Instant now = Instant.parse("2026-06-15T12:00:00Z");
    assertThat(HttpClientStepClient.parseRetryAfter("120", now)).contains(Duration.ofMinutes(2));
    assertThat(HttpClientStepClient.parseRetryAfter("Mon, 15 Jun 2026 12:00:30 GMT", now))
        .contains(Duration.ofSeconds(30));
    assertThat(HttpClientStepClient.parseRetryAfter("Mon, 15 Jun 2026 11:00:00 GMT", now))
        .contains(Duration.ZERO);
    assertThat(HttpClientStepClient.parseRetryAfter("soon", now)).isEmpty();
    assertThat(HttpClientStepClient.parseRetryAfter("99999999999999999999", now))
        .contains(Duration.ofSeconds(999_999_999L));
  }

  @Test
  void send_retryAfterAsDate_usesTheInjectedClock() {
    HttpClientStepClient client =
        HttpClientStepClient.create(
            HttpStepOptions.builder()
                .allowHosts("127.0.0.1")
                .clock(java.time.Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), java.time.ZoneOffset.UTC))
                .build());
    SendOutcome outcome = client.send(request("/retry-after/503/Mon,%2015%20Jun%202026%2012:01:00%20GMT"));
    assertThat(outcome).isInstanceOf(SendOutcome.RetryableFailure.class);
    assertThat(((SendOutcome.RetryableFailure) outcome).retryAfter()).isEqualTo(Duration.ofMinutes(1));
  }
}
