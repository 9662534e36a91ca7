package io.cdpkit.segments.activation;

import io.cdpkit.core.delivery.WebhookSignature;
import io.cdpkit.core.delivery.DeliveryOutcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

final class WebhookDestinationTest {
  private final WebhookServer server = new WebhookServer();
  private static final SyncBatch BATCH = new SyncBatch("young", "hook", 7, SyncBatch.Kind.CHANGES,
      false, List.of(new SyncMember("p1", Map.of("email", "a@example.com"))), List.of());

  @AfterEach
  void stop() {
    server.close();
  }

  private WebhookDestination.Builder hook() {
    return WebhookDestination.builder("hook", server.uri()).allowedHosts(Set.of("127.0.0.1"));
  }

  @Test
  void deliver_postsJsonWithTheIdempotencyKeyAndAnHmacSignature() {
    WebhookDestination hook = hook().signingSecret("secret-123").build();
    assertThat(hook.deliver(BATCH)).isEqualTo(DeliveryOutcome.delivered());
    WebhookServer.Received request = server.requests.get(0);
    String body = new String(request.body(), StandardCharsets.UTF_8);
    assertThat(body).contains("\"idempotencyKey\":\"young/hook/7\"", "\"kind\":\"CHANGES\"",
        "\"added\":[{\"profileId\":\"p1\",\"identifiers\":{\"email\":\"a@example.com\"}}]");
    assertThat(request.headers().get("Idempotency-key")).containsExactly("young/hook/7");
    assertThat(request.headers().get("X-cdp-signature")).containsExactly(
        "sha256=" + WebhookSignature.hex("secret-123".getBytes(StandardCharsets.UTF_8), request.body()));
    assertThat(request.headers().get("Content-type")).containsExactly("application/json");
  }

  @Test
  void serverErrors_areRetryable_withRetryAfter() {
    server.script.add(503);
    server.script.add(500);
    server.script.add(429);
    WebhookDestination hook = hook().build();
    assertThat(hook.deliver(BATCH)).isEqualTo(new DeliveryOutcome.RetryableFailure(
        "POST 127.0.0.1 answered HTTP 503, retry after 120 s", Duration.ofSeconds(120)));
    assertThat(hook.deliver(BATCH)).isEqualTo(new DeliveryOutcome.RetryableFailure(
        "POST 127.0.0.1 answered HTTP 500", null));
    assertThat(hook.deliver(BATCH)).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    assertThat(hook.deliver(BATCH)).isEqualTo(DeliveryOutcome.delivered());
    assertThat(server.applied).containsOnlyKeys("young/hook/7");
  }

  @Test
  void clientErrors_arePermanent() {
    server.script.add(400);
    assertThat(hook().build().deliver(BATCH)).isEqualTo(DeliveryOutcome.permanent("POST 127.0.0.1 answered HTTP 400"));
    server.script.add(301);
    assertThat(hook().build().deliver(BATCH)).isEqualTo(DeliveryOutcome.permanent("POST 127.0.0.1 answered HTTP 301"));
  }

  @Test
  void slowAnswer_isARetryableTimeout() {
    server.delayMillis = 400;
    DeliveryOutcome outcome = hook().requestTimeout(Duration.ofMillis(100)).build().deliver(BATCH);
    assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    assertThat(((DeliveryOutcome.RetryableFailure) outcome).reason())
        .isEqualTo("POST 127.0.0.1 timed out after 100 ms");
  }

  @Test
  void closedPort_isRetryable() {
    URI uri = server.uri();
    server.close();
    DeliveryOutcome outcome = WebhookDestination.builder("hook", uri).allowedHosts(Set.of("127.0.0.1"))
        .connectTimeout(Duration.ofMillis(300)).build().deliver(BATCH);
    assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
  }

  @Test
  void hostOffTheAllowList_isPermanent_andNeverContacted() {
    WebhookDestination hook = WebhookDestination.builder("hook", server.uri())
        .allowedHosts(Set.of("crm.example.com")).build();
    DeliveryOutcome outcome = hook.deliver(BATCH);
    assertThat(outcome).isInstanceOf(DeliveryOutcome.PermanentFailure.class);
    assertThat(((DeliveryOutcome.PermanentFailure) outcome).reason()).contains("127.0.0.1", "allow-list");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void builder_refusesBadSettings() {
    assertThatThrownBy(() -> WebhookDestination.builder("h", URI.create("ftp://x/")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookDestination.builder("h", server.uri()).build())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> hook().signingSecret("short")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> hook().requestTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }
}
