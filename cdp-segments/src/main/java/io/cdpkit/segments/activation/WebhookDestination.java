package io.cdpkit.segments.activation;

import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.delivery.HostAllowList;
import io.cdpkit.core.delivery.HttpPoster;
import io.cdpkit.core.delivery.WebhookSignature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Posts each batch as JSON to a URL. Thread-safe.
 *
 * <pre>{@code
 * WebhookDestination hook = WebhookDestination.builder("crm", URI.create("https://crm.example.com/audiences/42"))
 *     .allowedHosts(Set.of("crm.example.com"))
 *     .fields(IdentifierField.plain("email"), IdentifierField.sha256("phone"))
 *     .signingSecret("s3cret")
 *     .build();
 * }</pre>
 *
 * <p>Body: {@code {"segment", "destination", "sequence", "idempotencyKey", "kind", "lastPart",
 * "added": [{"profileId", "identifiers": {...}}], "removed": [...]}}. Headers: {@code Content-Type:
 * application/json}, {@code Idempotency-Key} (the batch's key, the same on every retry) and, with a
 * signing secret, {@code X-Cdp-Signature: sha256=HEX}, the HMAC-SHA256 of the body with the secret
 * ({@link WebhookSignature}).
 * It calls through the library's one {@link HttpPoster}: the URL's host must be on the allow-list
 * and must not resolve to an internal address, checked before connecting (a permanent failure
 * otherwise); redirects are not followed. Answers: 2xx delivered; 408, 429 and 5xx, timeouts and
 * I/O errors retryable (honouring {@code Retry-After}); any other answer permanent.
 */
public final class WebhookDestination implements SegmentDestination {
  /** The signature header. */
  public static final String SIGNATURE_HEADER = HttpPoster.SIGNATURE_HEADER;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final URI uri;
  private final List<IdentifierField> fields;
  private final @Nullable String consentChannel;
  private final byte @Nullable [] secret;
  private final Duration requestTimeout;
  private final HttpPoster poster;

  private WebhookDestination(Builder builder) {
    this.name = builder.name;
    this.uri = builder.uri;
    this.fields = List.copyOf(builder.fields);
    this.consentChannel = builder.consentChannel;
    this.secret = builder.secret == null ? null : builder.secret.getBytes(StandardCharsets.UTF_8);
    this.requestTimeout = builder.requestTimeout;
    this.poster = HttpPoster.create("webhook", HostAllowList.of(builder.allowedHosts),
        builder.connectTimeout, Clock.systemUTC());
  }

  public static Builder builder(String name, URI uri) {
    return new Builder(name, uri);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<IdentifierField> fields() {
    return fields;
  }

  @Override
  public Optional<String> consentChannel() {
    return Optional.ofNullable(consentChannel);
  }

  @Override
  public DeliveryOutcome deliver(SyncBatch batch) {
    HttpPoster.Request request = HttpPoster.Request.of("POST", uri)
        .timeout(requestTimeout)
        .header("Content-Type", "application/json")
        .header("Idempotency-Key", batch.idempotencyKey())
        .body(body(batch));
    if (secret != null) {
      request.signedWith(secret);
    }
    return poster.send(request);
  }

  /** The JSON body for a batch. */
  static byte[] body(SyncBatch batch) {
    ObjectNode root = JSON.createObjectNode()
        .put("segment", batch.segment())
        .put("destination", batch.destination())
        .put("sequence", batch.sequence())
        .put("idempotencyKey", batch.idempotencyKey())
        .put("kind", batch.kind().name())
        .put("lastPart", batch.lastPart());
    members(root.putArray("added"), batch.added());
    members(root.putArray("removed"), batch.removed());
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  private static void members(ArrayNode array, List<SyncMember> members) {
    for (SyncMember member : members) {
      ObjectNode node = array.addObject().put("profileId", member.profileId());
      ObjectNode identifiers = node.putObject("identifiers");
      for (Map.Entry<String, String> identifier : member.identifiers().entrySet()) {
        identifiers.put(identifier.getKey(), identifier.getValue());
      }
    }
  }

  /** Configures a {@link WebhookDestination}. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final URI uri;
    private Set<String> allowedHosts = Set.of();
    private List<IdentifierField> fields = List.of(IdentifierField.plain("email"));
    private @Nullable String consentChannel;
    private @Nullable String secret;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);

    private Builder(String name, URI uri) {
      this.name = Objects.requireNonNull(name, "name");
      this.uri = Objects.requireNonNull(uri, "uri");
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
        throw new IllegalArgumentException("uri must be an http(s) URL with a host, was " + uri);
      }
    }

    /**
     * Hosts the URL may name (required): exact hosts or {@code *.example.com} wildcards, matched
     * as {@link HostAllowList} matches them, ignoring case.
     */
    public Builder allowedHosts(Set<String> hosts) {
      if (hosts.isEmpty()) {
        throw new IllegalArgumentException("allowedHosts must name at least one host");
      }
      this.allowedHosts = hosts.stream().map(h -> h.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
      return this;
    }

    /** The identifiers sent per member; the plain main email by default. */
    public Builder fields(IdentifierField... identifierFields) {
      this.fields = List.of(identifierFields);
      return this;
    }

    /** The consent channel checked (see {@link SegmentDestination#consentChannel()}). */
    public Builder consentChannel(String channel) {
      this.consentChannel = Objects.requireNonNull(channel, "channel");
      return this;
    }

    /** Signs each body with HMAC-SHA256 in {@value WebhookDestination#SIGNATURE_HEADER}. */
    public Builder signingSecret(String signingSecret) {
      if (signingSecret.length() < 8) {
        throw new IllegalArgumentException("signingSecret must be at least 8 characters");
      }
      this.secret = signingSecret;
      return this;
    }

    /** Time to connect; 5 s by default. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** Time for the whole answer; 30 s by default. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    private static Duration positive(String field, Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive, was " + value);
      }
      return value;
    }

    /** @throws IllegalStateException without an allow-list */
    public WebhookDestination build() {
      if (allowedHosts.isEmpty()) {
        throw new IllegalStateException("allowedHosts is required");
      }
      return new WebhookDestination(this);
    }
  }
}
