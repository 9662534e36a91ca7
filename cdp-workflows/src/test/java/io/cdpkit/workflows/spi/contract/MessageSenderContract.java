package io.cdpkit.workflows.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The behaviour every {@link MessageSender} that talks HTTP to its provider shows against a real
 * HTTP server on 127.0.0.1: the message arrives whole (channel, recipient, template, text,
 * params, idempotency key), statuses, timeouts and refused connections map to the right outcome,
 * and the sender is safe to share between threads. An implementation passes it by extending this
 * class and implementing {@link #createSender(URI, Duration)}.
 *
 * <p>The kit reads what arrived with {@link #decode(LocalHttpServer.Received)}, which by default
 * reads the JSON body {@code io.cdpkit.workflows.channel.WebhookMessageSender} posts; a sender
 * for a provider with another wire format overrides it.
 */
public abstract class MessageSenderContract {
  /** The timeout the kit gives senders it expects to time out. */
  protected static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

  private static final ObjectMapper JSON = new ObjectMapper();

  protected LocalHttpServer server;
  private int sends;

  /**
   * A new sender that delivers to {@code endpoint} (an {@code http://127.0.0.1:PORT/...} URL whose
   * path picks the server's answer) and gives up after {@code timeout}.
   */
  protected abstract MessageSender createSender(URI endpoint, Duration timeout);

  /** A message as the provider received it. */
  public record ReceivedMessage(
      String channel,
      String to,
      String templateId,
      String text,
      Map<String, String> params,
      String idempotencyKey) {}

  /** Reads a message from a request the server received; by default the webhook JSON body. */
  protected ReceivedMessage decode(LocalHttpServer.Received request) {
    try {
      JsonNode body = JSON.readTree(request.body());
      Map<String, String> params = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> param : body.path("params").properties()) {
        params.put(param.getKey(), param.getValue().asText());
      }
      return new ReceivedMessage(
          body.path("channel").asText(),
          body.path("to").asText(),
          body.path("templateId").asText(),
          body.path("text").asText(),
          params,
          body.path("idempotencyKey").asText());
    } catch (IOException e) {
      throw new UncheckedIOException("not the webhook JSON body: " + request.body(), e);
    }
  }

  @BeforeEach
  void startServer() {
    server = LocalHttpServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A sender to the path on the local server with a five-second timeout. */
  protected MessageSender senderTo(String path) {
    return createSender(server.uri(path), Duration.ofSeconds(5));
  }

  /** An SMS with a fresh idempotency key. */
  protected ChannelMessage sms(String text) {
    sends++;
    return new ChannelMessage(
        "sms",
        "+4915112345678",
        "festival-reminder",
        text,
        Map.of("first_name", "Ann"),
        IdempotencyKey.of("enrollment-" + sends, "remind", 1));
  }

  @Nested
  @DisplayName("the message it sends")
  class Content {
    @Test
    @DisplayName("arrives with channel, recipient, template, text and params")
    void whole() {
      ChannelMessage message =
          new ChannelMessage(
              "whatsapp",
              "+4915112345678",
              "welcome",
              "Hallo Zoë, willkommen \"bei uns\"!\nBis bald",
              new LinkedHashMap<>(Map.of("first_name", "Zoë")),
              IdempotencyKey.of("enr-1", "welcome", 1));
      assertThat(senderTo("/status/200").send(message)).isInstanceOf(DeliveryOutcome.Delivered.class);
      ReceivedMessage received = decode(server.single());
      assertThat(received.channel()).isEqualTo("whatsapp");
      assertThat(received.to()).isEqualTo("+4915112345678");
      assertThat(received.templateId()).isEqualTo("welcome");
      assertThat(received.text()).isEqualTo("Hallo Zoë, willkommen \"bei uns\"!\nBis bald");
      assertThat(received.params()).containsExactly(Map.entry("first_name", "Zoë"));
    }

    @Test
    @DisplayName("carries the idempotency key in its stable string form")
    void idempotencyKey() {
      ChannelMessage message = sms("hi");
      senderTo("/status/200").send(message);
      assertThat(decode(server.single()).idempotencyKey())
          .isEqualTo(message.idempotencyKey().toString());
    }

    @Test
    @DisplayName("sends the same key again when the same attempt is sent twice")
    void sameKeyTwice() {
      MessageSender sender = senderTo("/status/200");
      ChannelMessage message = sms("hi");
      sender.send(message);
      sender.send(message);
      assertThat(server.received()).hasSize(2);
      assertThat(server.received().stream().map(r -> decode(r).idempotencyKey()).distinct())
          .hasSize(1);
    }

    @Test
    @DisplayName("makes one request per message")
    void oneRequestPerMessage() {
      MessageSender sender = senderTo("/status/200");
      sender.send(sms("one"));
      sender.send(sms("two"));
      assertThat(server.received()).extracting(r -> decode(r).text()).containsExactly("one", "two");
    }
  }

  @Nested
  @DisplayName("the outcome it answers")
  class Outcomes {
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {200, 201, 202, 204})
    @DisplayName("is Delivered when the provider accepts")
    void accepted(int status) {
      assertThat(senderTo("/status/" + status).send(sms("hi")))
          .isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 404, 422})
    @DisplayName("is a PermanentFailure when the provider rejects the message")
    void rejected(int status) {
      assertThat(senderTo("/status/" + status).send(sms("hi")))
          .isInstanceOf(DeliveryOutcome.PermanentFailure.class);
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 429})
    @DisplayName("is a RetryableFailure when the provider fails or throttles")
    void failing(int status) {
      assertThat(senderTo("/status/" + status).send(sms("hi")))
          .isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    }

    @Test
    @DisplayName("carries the provider's Retry-After")
    void retryAfter() {
      DeliveryOutcome outcome = senderTo("/retry-after/503/12").send(sms("hi"));
      assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
      assertThat(((DeliveryOutcome.RetryableFailure) outcome).retryAfter())
          .isEqualTo(Duration.ofSeconds(12));
    }
  }

  @Nested
  @DisplayName("when the provider is slow or away")
  class Failures {
    @Test
    @DisplayName("answers a RetryableFailure once the timeout passes")
    void timeout() {
      long start = System.nanoTime();
      DeliveryOutcome outcome = createSender(server.uri("/slow"), SHORT_TIMEOUT).send(sms("hi"));
      assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("answers a RetryableFailure when nothing listens, without throwing")
    void refused() throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      MessageSender sender =
          createSender(URI.create("http://127.0.0.1:" + port + "/sms"), SHORT_TIMEOUT);
      assertThat(sender.send(sms("hi"))).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    }
  }

  @Nested
  @DisplayName("under concurrency")
  class Concurrency {
    @Test
    @DisplayName("is safe to call from several threads at once")
    void parallelSends() throws Exception {
      MessageSender sender = senderTo("/status/200");
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<DeliveryOutcome>> results = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
          ChannelMessage message = sms("message " + i);
          results.add(pool.submit(() -> sender.send(message)));
        }
        for (Future<DeliveryOutcome> result : results) {
          assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(DeliveryOutcome.Delivered.class);
        }
        assertThat(server.received().stream().map(r -> decode(r).idempotencyKey()).distinct())
            .hasSize(30);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
