package io.cdpkit.workflows.channel;

import io.cdpkit.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Settings of an {@link SmtpEmailSender}. {@link #toString()} hides the password. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * SmtpOptions options = SmtpOptions.builder("smtp.example.com")
 *     .port(587)
 *     .tls(SmtpOptions.TlsMode.STARTTLS_REQUIRED)
 *     .credentials("mailer", System.getenv("SMTP_PASSWORD"))
 *     .defaultFrom("Festival <news@festival.example>")
 *     .build();
 * }</pre>
 *
 * @param host the SMTP server's host; not blank
 * @param port the SMTP server's port, 1 to 65535
 * @param tls how the connection is encrypted
 * @param username the user to log in as, or {@code null} to send without logging in
 * @param password the password; set exactly when {@code username} is
 * @param connectTimeout the longest connecting may take; positive, at most {@code
 *     Integer.MAX_VALUE} milliseconds
 * @param readTimeout the longest one read or write on the connection may take; same bounds
 * @param defaultFrom the sender used when a message sets none ({@code a@b} or {@code Name <a@b>}),
 *     or {@code null}
 * @param clock reads the time for the {@code Date} header
 */
public record SmtpOptions(
    String host,
    int port,
    TlsMode tls,
    @Nullable String username,
    @Nullable String password,
    Duration connectTimeout,
    Duration readTimeout,
    @Nullable String defaultFrom,
    Clock clock) {

  /** How the connection to the SMTP server is encrypted. */
  public enum TlsMode {
    /** Plain text; only for a relay on the same host or a test server. */
    NONE,
    /** Upgrade with {@code STARTTLS} when the server offers it, else plain text. */
    STARTTLS,
    /** Upgrade with {@code STARTTLS}, and fail when the server does not offer it (port 587). */
    STARTTLS_REQUIRED,
    /** TLS from the first byte, SMTPS (port 465). */
    IMPLICIT
  }

  /**
   * @throws InvalidInputException naming the setting, its value and the rule it breaks
   */
  public SmtpOptions {
    if (host == null || host.isBlank()) {
      throw new InvalidInputException("host", host, "must not be blank");
    }
    if (port < 1 || port > 65_535) {
      throw new InvalidInputException("port", port, "must be 1 to 65535");
    }
    Objects.requireNonNull(tls, "tls");
    if ((username == null) != (password == null)) {
      throw new InvalidInputException(
          username == null ? "username" : "password",
          null,
          "username and password are set together or not at all");
    }
    if (username != null && username.isBlank()) {
      throw new InvalidInputException("username", username, "must not be blank");
    }
    checkTimeout("connectTimeout", connectTimeout);
    checkTimeout("readTimeout", readTimeout);
    if (defaultFrom != null && (defaultFrom.isBlank() || defaultFrom.indexOf('@') < 0)) {
      throw new InvalidInputException("defaultFrom", defaultFrom, "must be an address");
    }
    Objects.requireNonNull(clock, "clock");
  }

  /**
   * A builder for the server at {@code host}: port 587, {@link TlsMode#STARTTLS_REQUIRED}, no
   * login, 10 seconds to connect, 30 seconds per read, no default sender, the UTC system clock.
   */
  public static Builder builder(String host) {
    return new Builder(host);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder builder = new Builder(host);
    builder.port = port;
    builder.tls = tls;
    builder.username = username;
    builder.password = password;
    builder.connectTimeout = connectTimeout;
    builder.readTimeout = readTimeout;
    builder.defaultFrom = defaultFrom;
    builder.clock = clock;
    return builder;
  }

  /** The default sender, if set. */
  public Optional<String> findDefaultFrom() {
    return Optional.ofNullable(defaultFrom);
  }

  @Override
  public String toString() {
    return "SmtpOptions[host="
        + host
        + ", port="
        + port
        + ", tls="
        + tls
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "(hidden)")
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", defaultFrom="
        + defaultFrom
        + "]";
  }

  private static void checkTimeout(String field, Duration timeout) {
    Objects.requireNonNull(timeout, field);
    if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
      throw new InvalidInputException(
          field, timeout, "must be positive and at most " + Integer.MAX_VALUE + " ms");
    }
  }

  /** Builds {@link SmtpOptions}. Not thread-safe. */
  public static final class Builder {
    private final String host;
    private int port = 587;
    private TlsMode tls = TlsMode.STARTTLS_REQUIRED;
    private @Nullable String username;
    private @Nullable String password;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private @Nullable String defaultFrom;
    private Clock clock = Clock.systemUTC();

    private Builder(String host) {
      this.host = Objects.requireNonNull(host, "host");
    }

    public Builder port(int value) {
      this.port = value;
      return this;
    }

    public Builder tls(TlsMode value) {
      this.tls = Objects.requireNonNull(value, "tls");
      return this;
    }

    /** Logs in with these credentials. */
    public Builder credentials(String user, String secret) {
      this.username = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(secret, "secret");
      return this;
    }

    public Builder connectTimeout(Duration value) {
      this.connectTimeout = Objects.requireNonNull(value, "connectTimeout");
      return this;
    }

    public Builder readTimeout(Duration value) {
      this.readTimeout = Objects.requireNonNull(value, "readTimeout");
      return this;
    }

    public Builder defaultFrom(@Nullable String value) {
      this.defaultFrom = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * @throws InvalidInputException when a setting breaks a rule
     */
    public SmtpOptions build() {
      return new SmtpOptions(
          host, port, tls, username, password, connectTimeout, readTimeout, defaultFrom, clock);
    }
  }
}
