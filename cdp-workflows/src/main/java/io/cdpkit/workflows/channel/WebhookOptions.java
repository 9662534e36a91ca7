package io.cdpkit.workflows.channel;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link WebhookMessageSender}. {@link #toString()} hides the secret. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * WebhookOptions options = WebhookOptions.builder(URI.create("https://relay.example.com/sms"))
 *     .signingSecret(System.getenv("RELAY_SECRET"))
 *     .timeout(Duration.ofSeconds(5))
 *     .build();
 * }</pre>
 *
 * @param endpoint the absolute {@code http} or {@code https} URL messages are posted to
 * @param timeout the longest one post may take; positive
 * @param signingSecret the shared secret for the HMAC-SHA256 signature, or {@code null} to send
 *     no signature; at least 16 characters
 * @param signatureHeader the header that carries {@code sha256=<hex HMAC of the body>}
 */
public record WebhookOptions(
    URI endpoint, Duration timeout, @Nullable String signingSecret, String signatureHeader) {

  /** The signature header used unless another is set. */
  public static final String DEFAULT_SIGNATURE_HEADER = "X-CDPKit-Signature";

  /** The shortest secret accepted. */
  public static final int MIN_SECRET_LENGTH = 16;

  /**
   * @throws InvalidInputException naming the setting and the rule it breaks
   */
  public WebhookOptions {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
      throw new InvalidInputException(
          "endpoint", endpoint, "must be an absolute http or https URL with a host");
    }
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidInputException("timeout", timeout, "must be positive");
    }
    if (signingSecret != null && signingSecret.length() < MIN_SECRET_LENGTH) {
      throw new InvalidInputException(
          "signingSecret",
          "(" + signingSecret.length() + " characters, hidden)",
          "must be at least " + MIN_SECRET_LENGTH + " characters");
    }
    if (signatureHeader == null
        || !signatureHeader.matches("[A-Za-z0-9-]+")
        || HttpRequestSpec.RESERVED_HEADERS.contains(signatureHeader.toLowerCase(Locale.ROOT))
        || signatureHeader.equalsIgnoreCase("Content-Type")) {
      throw new InvalidInputException(
          "signatureHeader", signatureHeader, "must be a header name of letters, digits and -");
    }
  }

  /** A builder for posts to {@code endpoint}: 10 seconds, unsigned. */
  public static Builder builder(URI endpoint) {
    return new Builder(Objects.requireNonNull(endpoint, "endpoint"));
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder builder = new Builder(endpoint);
    builder.timeout = timeout;
    builder.signingSecret = signingSecret;
    builder.signatureHeader = signatureHeader;
    return builder;
  }

  /** The signing secret, if set. */
  public Optional<String> findSigningSecret() {
    return Optional.ofNullable(signingSecret);
  }

  @Override
  public String toString() {
    return "WebhookOptions[endpoint="
        + endpoint
        + ", timeout="
        + timeout
        + ", signed="
        + (signingSecret != null)
        + ", signatureHeader="
        + signatureHeader
        + "]";
  }

  /** Builds {@link WebhookOptions}. Not thread-safe. */
  public static final class Builder {
    private final URI endpoint;
    private Duration timeout = HttpRequestSpec.DEFAULT_TIMEOUT;
    private @Nullable String signingSecret;
    private String signatureHeader = DEFAULT_SIGNATURE_HEADER;

    private Builder(URI endpoint) {
      this.endpoint = endpoint;
    }

    public Builder timeout(Duration value) {
      this.timeout = Objects.requireNonNull(value, "timeout");
      return this;
    }

    public Builder signingSecret(@Nullable String value) {
      this.signingSecret = value;
      return this;
    }

    public Builder signatureHeader(String value) {
      this.signatureHeader = Objects.requireNonNull(value, "signatureHeader");
      return this;
    }

    /**
     * @throws InvalidInputException when a setting breaks a rule
     */
    public WebhookOptions build() {
      return new WebhookOptions(endpoint, timeout, signingSecret, signatureHeader);
    }
  }
}
