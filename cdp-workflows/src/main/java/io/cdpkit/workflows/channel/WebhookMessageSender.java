package io.cdpkit.workflows.channel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.delivery.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A {@link MessageSender} that relays every message, on any channel, as a JSON {@code POST} to one
 * URL, for an SMS or WhatsApp gateway or a relay of your own. The body is
 *
 * <pre>{@code
 * {"channel":"sms","to":"+4915112345678","templateId":"reminder","text":"Doors open at 8",
 *  "params":{"first_name":"Ann"},"idempotencyKey":"enr-7:remind:1"}
 * }</pre>
 *
 * sent as {@code application/json; charset=utf-8} with the key also in the {@code
 * Idempotency-Key} header. With a signing secret, the {@link WebhookOptions#signatureHeader()}
 * carries {@code sha256=} and the lower-case hex HMAC-SHA256 of the exact body bytes, keyed with
 * the secret's UTF-8 bytes ({@link WebhookSignature#header}); receivers recompute it to check
 * the post came from you.
 *
 * <p>The post goes through an {@link HttpStepClient}, so outcomes follow its rules: 2xx delivered,
 * 5xx, 408, 429, timeouts and I/O errors retryable, other statuses permanent. Thread-safe.
 *
 * <pre>{@code
 * MessageSender sms = WebhookMessageSender.create(
 *     WebhookOptions.builder(URI.create("https://relay.example.com/sms")).build());
 * }</pre>
 */
public final class WebhookMessageSender implements MessageSender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebhookOptions options;
  private final HttpStepClient client;

  private WebhookMessageSender(WebhookOptions options, HttpStepClient client) {
    this.options = options;
    this.client = client;
  }

  /**
   * A sender with its own {@link HttpClientStepClient} whose allow-list holds only the endpoint's
   * host.
   */
  public static WebhookMessageSender create(WebhookOptions options) {
    Objects.requireNonNull(options, "options");
    String host = options.endpoint().getHost();
    return new WebhookMessageSender(
        options,
        HttpClientStepClient.create(HttpStepOptions.builder().allowHosts(host).build()));
  }

  /** A sender that posts through {@code client}, whose allow-list must hold the endpoint's host. */
  public static WebhookMessageSender create(WebhookOptions options, HttpStepClient client) {
    return new WebhookMessageSender(
        Objects.requireNonNull(options, "options"), Objects.requireNonNull(client, "client"));
  }

  /** The options this sender was created with. */
  public WebhookOptions options() {
    return options;
  }

  @Override
  public DeliveryOutcome send(ChannelMessage message) {
    Objects.requireNonNull(message, "message");
    String body = toJson(message);
    HttpRequestSpec.Builder request =
        HttpRequestSpec.builder()
            .method("POST")
            .uri(options.endpoint())
            .header("Content-Type", "application/json; charset=utf-8")
            .body(body)
            .timeout(options.timeout())
            .idempotencyKey(message.idempotencyKey());
    String secret = options.signingSecret();
    if (secret != null) {
      request.header(options.signatureHeader(), WebhookSignature.header(secret, body));
    }
    return client.send(request.build());
  }

  static String toJson(ChannelMessage message) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("channel", message.channel());
    payload.put("to", message.to());
    payload.put("templateId", message.templateId());
    payload.put("text", message.text());
    payload.put("params", message.params());
    payload.put("idempotencyKey", message.idempotencyKey().toString());
    try {
      return JSON.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("strings and a map of strings always encode as JSON", e);
    }
  }
}
