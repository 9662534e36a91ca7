package io.cdpkit.workflows.channel;

import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.delivery.HttpAnswers;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpStepClient} on {@code java.net.http.HttpClient} (HTTP/1.1, redirects never
 * followed, so a redirect cannot lead off the allow-list).
 *
 * <p>Before anything else, the request's host must be on the {@link io.cdpkit.core.delivery.HostAllowList}; a host off it
 * is a {@link DeliveryOutcome.PermanentFailure} and no connection is made. Then:
 *
 * <ul>
 *   <li>the status the request expects (any 2xx by default) is {@link DeliveryOutcome.Delivered};
 *   <li>a 5xx, 408 or 429, a timeout or an I/O error is a {@link DeliveryOutcome.RetryableFailure},
 *       with the server's {@code Retry-After} (seconds or an HTTP date) when it sent one;
 *   <li>any other status (4xx, 3xx, an unexpected 2xx) is a {@link DeliveryOutcome.PermanentFailure}.
 * </ul>
 *
 * The request's {@code timeout} bounds the whole exchange, connecting and reading the response
 * included; the response body is read and dropped. Reasons and logs name the method, host and
 * status, never the path, query, headers or bodies, which may hold personal data.
 *
 * <p>Thread-safe; one instance serves any number of threads and steps.
 *
 * <pre>{@code
 * HttpStepClient client = HttpClientStepClient.create(
 *     HttpStepOptions.builder().allowHosts("api.example.com").build());
 * DeliveryOutcome outcome = client.send(spec);
 * }</pre>
 */
public final class HttpClientStepClient implements HttpStepClient {
  private static final Logger log = LoggerFactory.getLogger(HttpClientStepClient.class);

  private final HttpStepOptions options;
  private final HttpClient client;

  private HttpClientStepClient(HttpStepOptions options) {
    this.options = options;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(options.connectTimeout())
            .build();
  }

  /** A client with these options. */
  public static HttpClientStepClient create(HttpStepOptions options) {
    return new HttpClientStepClient(Objects.requireNonNull(options, "options"));
  }

  /** The options this client was created with. */
  public HttpStepOptions options() {
    return options;
  }

  @Override
  public DeliveryOutcome send(HttpRequestSpec request) {
    Objects.requireNonNull(request, "request");
    URI uri = request.uri();
    String host = uri.getHost();
    if (!options.allowList().allows(host)) {
      log.debug("HTTP step refused: host {} not allowed, key {}", host, request.idempotencyKey());
      return DeliveryOutcome.permanent(
          "host '"
              + host
              + "' is not on the HTTP step allow-list "
              + options.allowList()
              + "; the call was not made");
    }
    Optional<String> internal = options.allowList().internalAddress(host);
    if (internal.isPresent()) {
      log.warn("HTTP step refused: {}, key {}", internal.get(), request.idempotencyKey());
      return DeliveryOutcome.permanent(internal.get() + "; the call was not made");
    }
    HttpRequest httpRequest = toHttpRequest(request);
    CompletableFuture<HttpResponse<Void>> future =
        client.sendAsync(httpRequest, HttpResponse.BodyHandlers.discarding());
    long timeoutNanos = request.timeout().toNanos();
    DeliveryOutcome outcome;
    try {
      HttpResponse<Void> response = future.get(timeoutNanos, TimeUnit.NANOSECONDS);
      outcome = classify(request, response);
    } catch (TimeoutException e) {
      future.cancel(true);
      outcome = timedOut(request);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      outcome = DeliveryOutcome.retryable(request.method() + " " + host + " was interrupted");
    } catch (ExecutionException e) {
      outcome = failed(request, e.getCause() == null ? e : e.getCause());
    }
    log.debug(
        "HTTP step {} {} key {}: {}", request.method(), host, request.idempotencyKey(), outcome);
    return outcome;
  }

  private HttpRequest toHttpRequest(HttpRequestSpec request) {
    String body = request.body();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(request.uri())
            .timeout(request.timeout())
            .method(
                request.method(),
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    boolean userAgentSet = false;
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      builder.header(header.getKey(), header.getValue());
      userAgentSet |= header.getKey().equalsIgnoreCase("User-Agent");
    }
    if (!userAgentSet) {
      builder.header("User-Agent", options.userAgent());
    }
    builder.header(HttpRequestSpec.IDEMPOTENCY_KEY_HEADER, request.idempotencyKey().toString());
    return builder.build();
  }

  private DeliveryOutcome classify(HttpRequestSpec request, HttpResponse<Void> response) {
    int status = response.statusCode();
    if (request.isSuccess(status)) {
      return DeliveryOutcome.delivered();
    }
    String what = request.method() + " " + request.uri().getHost() + " answered HTTP " + status;
    if (request.expectedStatus() != null) {
      what += ", expected " + request.expectedStatus();
    }
    if (HttpAnswers.isRetryable(status)) {
      Duration retryAfter =
          response.headers().firstValue("Retry-After").map(this::retryAfterOf).orElse(null);
      return retryAfter == null
          ? DeliveryOutcome.retryable(what)
          : DeliveryOutcome.retryable(
              what + ", retry after " + retryAfter.toSeconds() + " s", retryAfter);
    }
    return DeliveryOutcome.permanent(what);
  }

  private DeliveryOutcome timedOut(HttpRequestSpec request) {
    return DeliveryOutcome.retryable(
        request.method()
            + " "
            + request.uri().getHost()
            + " timed out after "
            + request.timeout().toMillis()
            + " ms");
  }

  private DeliveryOutcome failed(HttpRequestSpec request, Throwable cause) {
    String what = request.method() + " " + request.uri().getHost();
    if (cause instanceof HttpTimeoutException) {
      return timedOut(request);
    }
    if (cause instanceof ConnectException) {
      return DeliveryOutcome.retryable(what + " could not connect: " + describe(cause));
    }
    if (cause instanceof IOException) {
      return DeliveryOutcome.retryable(what + " failed: " + describe(cause));
    }
    if (cause instanceof IllegalArgumentException) {
      return DeliveryOutcome.permanent(what + " could not be sent as built: " + describe(cause));
    }
    return DeliveryOutcome.fromException(cause);
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank()
        ? cause.getClass().getSimpleName()
        : cause.getClass().getSimpleName() + " " + message;
  }

  /** Seconds or an HTTP date (RFC 9110 section 10.2.3); {@code null} when neither. */
  private @Nullable Duration retryAfterOf(String value) {
    return HttpAnswers.retryAfter(value, options.clock().instant()).orElse(null);
  }
}
