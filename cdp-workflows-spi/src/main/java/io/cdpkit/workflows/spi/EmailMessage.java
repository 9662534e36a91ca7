package io.cdpkit.workflows.spi;

import io.cdpkit.core.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One email to one recipient, rendered and ready to send. At least one of an HTML and a plain
 * text body is present; with both, senders send a {@code multipart/alternative}. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * EmailMessage message = EmailMessage.builder()
 *     .to("ann@example.com")
 *     .subject("Welcome, Ann")
 *     .htmlBody("<p>Welcome!</p>")
 *     .textBody("Welcome!")
 *     .idempotencyKey(IdempotencyKey.of("enr-42", "welcome", 1))
 *     .build();
 * }</pre>
 *
 * @param to the recipient's address, {@code local@domain}
 * @param from the sender's address ({@code a@b} or {@code Name <a@b>}), or {@code null} for the
 *     sender's configured default
 * @param subject the subject line; may be empty, never multi-line
 * @param htmlBody the HTML body, or {@code null}
 * @param textBody the plain text body, or {@code null}
 * @param headers extra headers such as {@code Reply-To} or {@code List-Unsubscribe}, in order;
 *     never the ones the sender sets itself ({@link #RESERVED_HEADERS})
 * @param idempotencyKey the key of this send
 */
public record EmailMessage(
    String to,
    @Nullable String from,
    String subject,
    @Nullable String htmlBody,
    @Nullable String textBody,
    Map<String, String> headers,
    IdempotencyKey idempotencyKey) {

  /** Header names (lower case) that senders set themselves and requests may not. */
  public static final Set<String> RESERVED_HEADERS =
      Set.of(
          "to",
          "from",
          "cc",
          "bcc",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "content-transfer-encoding",
          "x-idempotency-key");

  /**
   * @throws InvalidInputException naming the component and the rule it breaks
   */
  public EmailMessage {
    to = address("to", to);
    if (from != null) {
      RequestChecks.notBlank("from", from);
      RequestChecks.headerSafe("from", from);
    }
    RequestChecks.headerSafe("subject", subject);
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (htmlBody == null && textBody == null) {
      throw new InvalidInputException("body", null, "needs an HTML body, a text body or both");
    }
    headers =
        RequestChecks.headers(headers, RESERVED_HEADERS, "is set by the sender, not by the message");
  }

  /** A builder with no fields set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this message's fields. */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.to = to;
    builder.from = from;
    builder.subject = subject;
    builder.htmlBody = htmlBody;
    builder.textBody = textBody;
    builder.headers.putAll(headers);
    builder.idempotencyKey = idempotencyKey;
    return builder;
  }

  /** The sender's address, if the message sets one. */
  public Optional<String> findFrom() {
    return Optional.ofNullable(from);
  }

  private static String address(String field, String value) {
    RequestChecks.notBlank(field, value);
    String trimmed = value.strip();
    int at = trimmed.indexOf('@');
    if (at <= 0 || at != trimmed.lastIndexOf('@') || at == trimmed.length() - 1) {
      throw new InvalidInputException(field, value, "must be an address local@domain");
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || c == '<' || c == '>'
          || c == ',') {
        throw new InvalidInputException(
            field, value, "must be a bare address without spaces, commas or angle brackets");
      }
    }
    return trimmed;
  }

  /** Builds an {@link EmailMessage}; {@link #build()} checks every field. Not thread-safe. */
  public static final class Builder {
    private @Nullable String to;
    private @Nullable String from;
    private String subject = "";
    private @Nullable String htmlBody;
    private @Nullable String textBody;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private @Nullable IdempotencyKey idempotencyKey;

    private Builder() {}

    public Builder to(String value) {
      this.to = Objects.requireNonNull(value, "to");
      return this;
    }

    public Builder from(@Nullable String value) {
      this.from = value;
      return this;
    }

    public Builder subject(String value) {
      this.subject = Objects.requireNonNull(value, "subject");
      return this;
    }

    public Builder htmlBody(@Nullable String value) {
      this.htmlBody = value;
      return this;
    }

    public Builder textBody(@Nullable String value) {
      this.textBody = value;
      return this;
    }

    /** Adds or replaces one header. */
    public Builder header(String name, String value) {
      headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder idempotencyKey(IdempotencyKey value) {
      this.idempotencyKey = Objects.requireNonNull(value, "idempotencyKey");
      return this;
    }

    /**
     * @throws IllegalStateException when {@code to} or the idempotency key was never set
     * @throws InvalidInputException when a field breaks a rule
     */
    public EmailMessage build() {
      if (to == null) {
        throw new IllegalStateException("to was not set");
      }
      if (idempotencyKey == null) {
        throw new IllegalStateException("idempotencyKey was not set");
      }
      return new EmailMessage(to, from, subject, htmlBody, textBody, headers, idempotencyKey);
    }
  }
}
