package io.cdpkit.workflows.spi;

import io.cdpkit.core.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP call of a workflow's {@code http call} step, rendered and ready to send. The client
 * adds the idempotency key as an {@value #IDEMPOTENCY_KEY_HEADER} header. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * HttpRequestSpec spec = HttpRequestSpec.builder()
 *     .method("POST")
 *     .uri(URI.create("https://hooks.example.com/crm/contacts"))
 *     .header("Content-Type", "application/json")
 *     .body("{\"email\":\"ann@example.com\"}")
 *     .timeout(Duration.ofSeconds(5))
 *     .expectedStatus(201)
 *     .idempotencyKey(IdempotencyKey.of("enr-42", "notify-crm", 1))
 *     .build();
 * }</pre>
 *
 * @param method one of {@link #METHODS}
 * @param uri an absolute {@code http} or {@code https} URI with a host
 * @param headers request headers in order; never the ones the HTTP stack or the client sets
 *     ({@link #RESERVED_HEADERS})
 * @param body the body, sent as UTF-8, or {@code null}; never for {@code GET} or {@code HEAD}
 * @param timeout the longest the whole exchange may take, connecting included; positive
 * @param expectedStatus the one status that means success, or {@code null} for any 2xx
 * @param idempotencyKey the key of this send
 */
public record HttpRequestSpec(
    String method,
    URI uri,
    Map<String, String> headers,
    @Nullable String body,
    Duration timeout,
    @Nullable Integer expectedStatus,
    IdempotencyKey idempotencyKey) {

  /** The header that carries {@link #idempotencyKey()}. */
  public static final String IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";

  /** The methods an HTTP step may use. */
  public static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /**
   * Header names (lower case) a request may not set: those {@code java.net.http} refuses, and the
   * idempotency key header the client sets itself.
   */
  public static final Set<String> RESERVED_HEADERS =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "idempotency-key");

  /** The request timeout when none is set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /**
   * @throws InvalidInputException naming the component and the rule it breaks
   */
  public HttpRequestSpec {
    if (method == null || !METHODS.contains(method)) {
      throw new InvalidInputException("method", method, "must be one of " + METHODS);
    }
    Objects.requireNonNull(uri, "uri");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new InvalidInputException("uri", uri, "must be an absolute http or https URI");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidInputException("uri", uri, "must name a host");
    }
    headers =
        RequestChecks.headers(
            headers, RESERVED_HEADERS, "is set by the HTTP client and may not be set by a step");
    if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
      throw new InvalidInputException("body", body, "a " + method + " request carries no body");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidInputException("timeout", timeout, "must be positive");
    }
    if (expectedStatus != null && (expectedStatus < 100 || expectedStatus > 599)) {
      throw new InvalidInputException("expectedStatus", expectedStatus, "must be 100 to 599");
    }
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }

  /** A builder: {@code GET}, no headers, no body, {@link #DEFAULT_TIMEOUT}, any 2xx. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's fields. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.method = method;
    builder.uri = uri;
    builder.headers.putAll(headers);
    builder.body = body;
    builder.timeout = timeout;
    builder.expectedStatus = expectedStatus;
    builder.idempotencyKey = idempotencyKey;
    return builder;
  }

  /** The body, if any. */
  public Optional<String> findBody() {
    return Optional.ofNullable(body);
  }

  /** The one status that means success, if set; otherwise any 2xx does. */
  public OptionalInt findExpectedStatus() {
    return expectedStatus == null ? OptionalInt.empty() : OptionalInt.of(expectedStatus);
  }

  /** True when {@code status} means success for this request. */
  public boolean isSuccess(int status) {
    return expectedStatus == null ? status >= 200 && status < 300 : status == expectedStatus;
  }

  /** Builds an {@link HttpRequestSpec}; {@link #build()} checks every field. Not thread-safe. */
  public static final class Builder {
    private String method = "GET";
    private @Nullable URI uri;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable String body;
    private Duration timeout = DEFAULT_TIMEOUT;
    private @Nullable Integer expectedStatus;
    private @Nullable IdempotencyKey idempotencyKey;

    private Builder() {}

    public Builder method(String value) {
      this.method = Objects.requireNonNull(value, "method");
      return this;
    }

    public Builder uri(URI value) {
      this.uri = Objects.requireNonNull(value, "uri");
      return this;
    }

    /** Adds or replaces one header. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder body(@Nullable String value) {
      this.body = value;
      return this;
    }

    public Builder timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    public Builder expectedStatus(@Nullable Integer value) {
      this.expectedStatus = value;
      return this;
    }

    public Builder idempotencyKey(IdempotencyKey value) {
      this.idempotencyKey = Objects.requireNonNull(value, "idempotencyKey");
      return this;
    }

    /**
     * @throws IllegalStateException when the URI or the idempotency key was never set
     * @throws InvalidInputException when a field breaks a rule
     */
    public HttpRequestSpec build() {
      if (uri == null) {
        throw new IllegalStateException("uri was not set");
      }
      if (idempotencyKey == null) {
        throw new IllegalStateException("idempotencyKey was not set");
      }
      return new HttpRequestSpec(
          method, uri, headers, body, timeout, expectedStatus, idempotencyKey);
    }
  }
}
