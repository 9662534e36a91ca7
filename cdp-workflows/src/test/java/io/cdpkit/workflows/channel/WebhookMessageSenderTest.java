package io.cdpkit.workflows.channel;

import io.cdpkit.core.delivery.WebhookSignature;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.testing.RecordingHttpStepClient;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class WebhookMessageSenderTest {
  private static final String SECRET = "0123456789abcdef";
  private static final ChannelMessage SMS =
      new ChannelMessage(
          "sms", "+4915112345678", "reminder", "Doors open at 8", Map.of("first_name", "Ann"),
          IdempotencyKey.of("enr-7", "remind", 1));

  @Test
  void signature_isHexHmacSha256OfTheBody() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(WebhookSignature.header("Jefe", "what do ya want for nothing?"))
        .isEqualTo("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void send_postsSignedJsonThroughTheClient() {
    RecordingHttpStepClient client = new RecordingHttpStepClient();
    WebhookMessageSender sender =
        WebhookMessageSender.create(
            WebhookOptions.builder(URI.create("https://relay.example.com/sms")).signingSecret(SECRET).build(),
            client);
    assertThat(sender.send(SMS).isDelivered()).isTrue();
    HttpRequestSpec post = client.lastRequest();
    assertThat(post.method()).isEqualTo("POST");
    assertThat(post.uri()).isEqualTo(URI.create("https://relay.example.com/sms"));
    assertThat(post.body())
        .isEqualTo(
            "{\"channel\":\"sms\",\"to\":\"+4915112345678\",\"templateId\":\"reminder\","
                + "\"text\":\"Doors open at 8\",\"params\":{\"first_name\":\"Ann\"},"
                + "\"idempotencyKey\":\"enr-7:remind:1\"}");
    assertThat(post.headers())
        .containsEntry("Content-Type", "application/json; charset=utf-8")
        .containsEntry("X-CDPKit-Signature", WebhookSignature.header(SECRET, post.body()));
    assertThat(post.idempotencyKey()).isEqualTo(SMS.idempotencyKey());
  }

  @Test
  void send_unsigned_sendsNoSignatureHeader() {
    RecordingHttpStepClient client = new RecordingHttpStepClient();
    WebhookMessageSender.create(WebhookOptions.builder(URI.create("https://relay.example.com/sms")).build(), client)
        .send(SMS);
    assertThat(client.lastRequest().headers()).containsOnlyKeys("Content-Type");
  }

  @Test
  void options_hideTheSecretAndCheckSettings() {
    WebhookOptions options =
        WebhookOptions.builder(URI.create("https://relay.example.com/sms")).signingSecret(SECRET).build();
    assertThat(options.toString()).doesNotContain(SECRET).contains("signed=true");
    assertThat(options.toBuilder().build()).isEqualTo(options);
    assertThatThrownBy(() -> WebhookOptions.builder(URI.create("https://relay.example.com")).signingSecret("short").build())
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> {
              assertThat(e.field()).isEqualTo("signingSecret");
              assertThat(e.getMessage()).doesNotContain("short");
            });
    assertThatThrownBy(() -> WebhookOptions.builder(URI.create("mailto:a@example.com")).build())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> WebhookOptions.builder(URI.create("https://relay.example.com")).signatureHeader("Host").build())
        .isInstanceOf(InvalidInputException.class);
  }
}
