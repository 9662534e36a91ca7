package io.cdpkit.core.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/**
 * The one way CDPKit calls out over HTTP for a delivery (a workflow HTTP step, a segment sync
 * batch), so every such call follows the same rules:
 *
 * <ul>
 *   <li>the host must be on the {@link HostAllowList}, and must not resolve to an internal address
 *       the list does not name; otherwise the outcome is permanent and no connection is made;
 *   <li>HTTP/1.1, redirects never followed (a redirect cannot lead off the list), the request's
 *       timeout bounding the whole exchange, the answer's body read and dropped;
 *   <li>a body can be signed with HMAC-SHA256 ({@link WebhookSignature}) in {@link
 *       #SIGNATURE_HEADER};
 *   <li>the answer becomes a {@link DeliveryOutcome} as {@link HttpAnswers} says: success
 *       delivered; 5xx, 408, 429, timeouts and I/O errors retryable (with {@code Retry-After});
 *       anything else permanent.
 * </ul>
 *
 * Reasons name the method, host and status, never the path, query, headers or bodies, which may
 * hold personal data. Thread-safe.
 */
public final class HttpPoster {
  /** The header that carries a signed body's signature. */
  public static final String SIGNATURE_HEADER = "X-Cdp-Signature";

  private final String purpose;
  private final HostAllowList allowList;
  private final Clock clock;
  private final HttpClient client;

  private HttpPoster(String purpose, HostAllowList allowList, Duration connectTimeout, Clock clock) {
    this.purpose = Objects.requireNonNull(purpose, "purpose");
    this.allowList = Objects.requireNonNull(allowList, "allowList");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
        .build();
  }

  /**
   * A poster for calls of one purpose.
   *
   * @param purpose how refusals name the allow-list, such as "HTTP step" or "webhook"
   * @param allowList the hosts it may call
   * @param connectTimeout the time to connect
   * @param clock the clock {@code Retry-After} dates are read against
   */
  public static HttpPoster create(
      String purpose, HostAllowList allowList, Duration connectTimeout, Clock clock) {
    return new HttpPoster(purpose, allowList, connectTimeout, clock);
  }

  /** The hosts this poster may call. */
  public HostAllowList allowList() {
    return allowList;
  }

  /** Sends the request and says how it went; never throws for a failed call. */
  public DeliveryOutcome send(Request request) {
    Objects.requireNonNull(request, "request");
    String host = request.uri.getHost() == null ? "" : request.uri.getHost();
    if (!allowList.allows(host)) {
      return DeliveryOutcome.permanent("host '" + host + "' is not on the " + purpose
          + " allow-list " + allowList + "; the call was not made");
    }
    var internal = allowList.internalAddress(host);
    if (internal.isPresent()) {
      return DeliveryOutcome.permanent(internal.get() + "; the call was not made");
    }
    String what = request.method + " " + host;
    CompletableFuture<HttpResponse<Void>> future;
    try {
      future = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IllegalArgumentException e) {
      return DeliveryOutcome.permanent(what + " could not be sent as built: " + describe(e));
    }
    try {
      return answer(request, what, future.get(request.timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      future.cancel(true);
      return timedOut(request, what);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      return DeliveryOutcome.retryable(what + " was interrupted");
    } catch (ExecutionException e) {
      return failed(request, what, e.getCause() == null ? e : e.getCause());
    }
  }

  private DeliveryOutcome answer(Request request, String what, HttpResponse<Void> response) {
    int status = response.statusCode();
    if (request.success.test(status)) {
      return DeliveryOutcome.delivered();
    }
    String reason = what + " answered HTTP " + status
        + (request.expected == null ? "" : ", expected " + request.expected);
    Duration retryAfter = response.headers().firstValue("Retry-After")
        .flatMap(value -> HttpAnswers.retryAfter(value, clock.instant())).orElse(null);
    if (retryAfter != null && HttpAnswers.isRetryable(status)) {
      reason += ", retry after " + retryAfter.toSeconds() + " s";
    }
    return HttpAnswers.failure(status, reason, retryAfter);
  }

  private static DeliveryOutcome timedOut(Request request, String what) {
    return DeliveryOutcome.retryable(
        what + " timed out after " + request.timeout.toMillis() + " ms");
  }

  private static DeliveryOutcome failed(Request request, String what, Throwable cause) {
    if (cause instanceof HttpTimeoutException) {
      return timedOut(request, what);
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

  /** One call to make. Not thread-safe while being built. */
  public static final class Request {
    private final String method;
    private final URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte @Nullable [] body;
    private byte @Nullable [] signingSecret;
    private Duration timeout = Duration.ofSeconds(30);
    private IntPredicate success = status -> status >= 200 && status < 300;
    private @Nullable String expected;

    private Request(String method, URI uri) {
      this.method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
      this.uri = Objects.requireNonNull(uri, "uri");
    }

    /** A request with this method (GET, POST, ...) to {@code uri}. */
    public static Request of(String method, URI uri) {
      return new Request(method, uri);
    }

    /** Adds a header; a later one of the same name replaces it. */
    public Request header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /** The body sent; none by default. */
    public Request body(byte[] bytes) {
      this.body = Objects.requireNonNull(bytes, "bytes").clone();
      return this;
    }

    /** Signs the body with this secret in {@link #SIGNATURE_HEADER}. */
    public Request signedWith(byte[] secret) {
      this.signingSecret = Objects.requireNonNull(secret, "secret").clone();
      return this;
    }

    /** How long the whole exchange may take; 30 s by default. */
    public Request timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    /**
     * Which statuses count as delivered (any 2xx by default), and how a failure names what was
     * expected ({@code null} when the default needs no words).
     */
    public Request success(IntPredicate statuses, @Nullable String expectation) {
      this.success = Objects.requireNonNull(statuses, "statuses");
      this.expected = expectation;
      return this;
    }

    private HttpRequest build() {
      byte[] sent = body == null ? new byte[0] : body;
      HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
          .timeout(timeout)
          .method(method, body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(sent));
      headers.forEach(builder::header);
      if (signingSecret != null) {
        builder.header(SIGNATURE_HEADER,
            WebhookSignature.PREFIX + WebhookSignature.hex(signingSecret, sent));
      }
      return builder.build();
    }
  }
}
