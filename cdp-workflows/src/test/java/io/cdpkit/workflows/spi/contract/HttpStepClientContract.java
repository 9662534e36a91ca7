package io.cdpkit.workflows.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The behaviour every {@link HttpStepClient} shows against a real HTTP server on 127.0.0.1: what
 * it sends, how it maps statuses, timeouts and refused connections to outcomes, and that it is
 * safe to share between threads. An implementation passes it by extending this class and
 * implementing {@link #createClient()}.
 *
 * <p>Consumers of the test-jar declare JUnit Jupiter (with params) and AssertJ themselves.
 */
public abstract class HttpStepClientContract {
  /** The timeout the kit gives requests it expects to time out. */
  protected static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);

  protected LocalHttpServer server;
  protected HttpStepClient client;
  private int sends;

  /** A new client that may call {@code 127.0.0.1}. */
  protected abstract HttpStepClient createClient();

  @BeforeEach
  void startServer() {
    server = LocalHttpServer.start();
    client = createClient();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A request to the path on the local server with a fresh idempotency key. */
  protected HttpRequestSpec.Builder request(String path) {
    sends++;
    return HttpRequestSpec.builder()
        .uri(server.uri(path))
        .timeout(Duration.ofSeconds(5))
        .idempotencyKey(IdempotencyKey.of("enrollment-" + sends, "call", 1));
  }

  @Nested
  @DisplayName("the request it sends")
  class Requests {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
    @DisplayName("uses the method asked for")
    void method(String method) {
      HttpRequestSpec.Builder request = request("/anything").method(method);
      if (!method.equals("GET") && !method.equals("HEAD")) {
        request.body("x");
      }
      assertThat(client.send(request.build())).isInstanceOf(DeliveryOutcome.Delivered.class);
      assertThat(server.single().method()).isEqualTo(method);
    }

    @Test
    @DisplayName("keeps the path and the encoded query as given")
    void pathAndQuery() {
      client.send(request("/users/a%2Fb/notify?city=S%C3%A3o%20Paulo&x=1").build());
      assertThat(server.single().path()).isEqualTo("/users/a%2Fb/notify");
      assertThat(server.single().query()).isEqualTo("city=S%C3%A3o%20Paulo&x=1");
    }

    @Test
    @DisplayName("sends every header given")
    void headers() {
      client.send(
          request("/h")
              .header("Authorization", "Bearer secret-token")
              .header("X-Workflow", "welcome")
              .build());
      assertThat(server.single().header("Authorization")).isEqualTo("Bearer secret-token");
      assertThat(server.single().header("X-Workflow")).isEqualTo("welcome");
    }

    @Test
    @DisplayName("sends the body as UTF-8")
    void body() {
      String json = "{\"name\":\"Zoë\",\"city\":\"Köln\"}";
      client.send(
          request("/b").method("POST").header("Content-Type", "application/json").body(json).build());
      assertThat(server.single().body()).isEqualTo(json);
      assertThat(server.single().header("Content-Type")).isEqualTo("application/json");
    }

    @Test
    @DisplayName("sends no body when none is given")
    void noBody() {
      client.send(request("/b").method("POST").build());
      assertThat(server.single().body()).isEmpty();
    }

    @Test
    @DisplayName("sends the idempotency key as an Idempotency-Key header")
    void idempotencyKey() {
      IdempotencyKey key = IdempotencyKey.of("enr 7", "notify:crm", 3);
      client.send(request("/k").idempotencyKey(key).build());
      assertThat(server.single().header(HttpRequestSpec.IDEMPOTENCY_KEY_HEADER))
          .isEqualTo("enr%207:notify%3Acrm:3");
      assertThat(IdempotencyKey.parse(server.single().header("Idempotency-Key"))).isEqualTo(key);
    }

    @Test
    @DisplayName("makes exactly one call per send")
    void oneCallPerSend() {
      client.send(request("/status/503").build());
      client.send(request("/status/404").build());
      client.send(request("/status/200").build());
      assertThat(server.received()).hasSize(3);
    }
  }

  @Nested
  @DisplayName("the outcome it answers")
  class Outcomes {
    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {200, 201, 202, 204})
    @DisplayName("is Delivered for a 2xx when no status is expected")
    void success(int status) {
      assertThat(client.send(request("/status/" + status).build()))
          .isInstanceOf(DeliveryOutcome.Delivered.class);
    }

    @Test
    @DisplayName("is Delivered only for the expected status when one is set")
    void expectedStatus() {
      assertThat(client.send(request("/status/201").expectedStatus(201).build()))
          .isInstanceOf(DeliveryOutcome.Delivered.class);
      DeliveryOutcome other = client.send(request("/status/200").expectedStatus(201).build());
      assertThat(other).isInstanceOf(DeliveryOutcome.PermanentFailure.class);
      assertThat(((DeliveryOutcome.PermanentFailure) other).reason()).contains("200").contains("201");
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {400, 401, 403, 404, 409, 410, 422})
    @DisplayName("is a PermanentFailure naming the status for a 4xx")
    void clientError(int status) {
      DeliveryOutcome outcome = client.send(request("/status/" + status).build());
      assertThat(outcome).isInstanceOf(DeliveryOutcome.PermanentFailure.class);
      assertThat(((DeliveryOutcome.PermanentFailure) outcome).reason()).contains(String.valueOf(status));
    }

    @ParameterizedTest(name = "HTTP {0}")
    @ValueSource(ints = {500, 502, 503, 504, 408, 429})
    @DisplayName("is a RetryableFailure naming the status for a 5xx, 408 or 429")
    void serverError(int status) {
      DeliveryOutcome outcome = client.send(request("/status/" + status).build());
      assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
      assertThat(((DeliveryOutcome.RetryableFailure) outcome).reason()).contains(String.valueOf(status));
      assertThat(((DeliveryOutcome.RetryableFailure) outcome).retryAfter()).isNull();
    }

    @Test
    @DisplayName("carries the server's Retry-After with a retryable failure")
    void retryAfter() {
      DeliveryOutcome outcome = client.send(request("/retry-after/503/7").build());
      assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
      assertThat(((DeliveryOutcome.RetryableFailure) outcome).retryAfter())
          .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    @DisplayName("does not follow a redirect and fails permanently on it")
    void redirect() {
      assertThat(client.send(request("/redirect").build()))
          .isInstanceOf(DeliveryOutcome.PermanentFailure.class);
      assertThat(server.received()).hasSize(1);
    }
  }

  @Nested
  @DisplayName("when the server is slow or away")
  class Failures {
    @Test
    @DisplayName("answers a RetryableFailure once the request timeout passes")
    void timeout() {
      long start = System.nanoTime();
      DeliveryOutcome outcome = client.send(request("/slow").timeout(SHORT_TIMEOUT).build());
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(outcome).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
      assertThat(((DeliveryOutcome.RetryableFailure) outcome).reason()).contains("timed out");
      assertThat(took).isGreaterThanOrEqualTo(SHORT_TIMEOUT).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    @DisplayName("answers a RetryableFailure when nothing listens, without throwing")
    void refused() throws IOException {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      }
      HttpRequestSpec spec =
          request("/").uri(URI.create("http://127.0.0.1:" + port + "/x")).timeout(SHORT_TIMEOUT).build();
      assertThat(client.send(spec)).isInstanceOf(DeliveryOutcome.RetryableFailure.class);
    }
  }

  @Nested
  @DisplayName("under concurrency")
  class Concurrency {
    @Test
    @DisplayName("is safe to call from several threads at once")
    void parallelSends() throws Exception {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<DeliveryOutcome>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          HttpRequestSpec spec =
              request("/p/" + i).idempotencyKey(IdempotencyKey.of("e" + i, "s", 1)).build();
          results.add(pool.submit(() -> client.send(spec)));
        }
        for (Future<DeliveryOutcome> result : results) {
          assertThat(result.get(10, TimeUnit.SECONDS)).isInstanceOf(DeliveryOutcome.Delivered.class);
        }
        assertThat(server.received()).hasSize(40);
        assertThat(server.received().stream().map(r -> r.header("Idempotency-Key")).distinct())
            .hasSize(40);
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
