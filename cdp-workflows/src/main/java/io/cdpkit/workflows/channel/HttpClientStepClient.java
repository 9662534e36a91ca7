package io.cdpkit.workflows.channel;

import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.delivery.HttpPoster;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.HttpStepClient;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpStepClient} on the library's one {@link HttpPoster} ({@code
 * java.net.http.HttpClient}, HTTP/1.1, redirects never followed, so a redirect cannot lead off the
 * allow-list).
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
  private final HttpPoster poster;

  private HttpClientStepClient(HttpStepOptions options) {
    this.options = options;
    this.poster = HttpPoster.create(
        "HTTP step", options.allowList(), options.connectTimeout(), options.clock());
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
    DeliveryOutcome outcome = poster.send(toPosterRequest(request));
    log.debug("HTTP step {} {} key {}: {}",
        request.method(), request.uri().getHost(), request.idempotencyKey(), outcome);
    return outcome;
  }

  private HttpPoster.Request toPosterRequest(HttpRequestSpec request) {
    HttpPoster.Request call = HttpPoster.Request.of(request.method(), request.uri())
        .timeout(request.timeout())
        .success(request::isSuccess,
            request.expectedStatus() == null ? null : String.valueOf(request.expectedStatus()));
    String body = request.body();
    if (body != null) {
      call.body(body.getBytes(StandardCharsets.UTF_8));
    }
    boolean userAgentSet = false;
    for (Map.Entry<String, String> header : request.headers().entrySet()) {
      call.header(header.getKey(), header.getValue());
      userAgentSet |= header.getKey().equalsIgnoreCase("User-Agent");
    }
    if (!userAgentSet) {
      call.header("User-Agent", options.userAgent());
    }
    return call.header(HttpRequestSpec.IDEMPOTENCY_KEY_HEADER, request.idempotencyKey().toString());
  }
}
