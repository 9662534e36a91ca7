package io.cdpkit.workflows.channel;

import io.cdpkit.core.delivery.HostAllowList;
import io.cdpkit.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link HttpClientStepClient}. Immutable and thread-safe.
 *
 * <pre>{@code
 * HttpStepOptions options = HttpStepOptions.builder()
 *     .allowList(HostAllowList.of("api.example.com", "*.hooks.example.com"))
 *     .connectTimeout(Duration.ofSeconds(2))
 *     .build();
 * }</pre>
 *
 * @param allowList the hosts calls may go to; checked before any connection is made
 * @param connectTimeout the longest connecting may take; positive. The whole exchange is bounded
 *     by each request's own {@code timeout}.
 * @param userAgent the {@code User-Agent} sent unless a request sets its own; not blank
 * @param clock reads the time for an HTTP-date {@code Retry-After}
 */
public record HttpStepOptions(
    HostAllowList allowList, Duration connectTimeout, String userAgent, Clock clock) {

  /** The {@code User-Agent} sent by default. */
  public static final String DEFAULT_USER_AGENT = "cdpkit-workflows";

  private static final HttpStepOptions DEFAULTS =
      new HttpStepOptions(
          HostAllowList.none(), Duration.ofSeconds(5), DEFAULT_USER_AGENT, Clock.systemUTC());

  /**
   * @throws InvalidInputException for a timeout that is not positive or a blank user agent
   */
  public HttpStepOptions {
    Objects.requireNonNull(allowList, "allowList");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(clock, "clock");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new InvalidInputException("connectTimeout", connectTimeout, "must be positive");
    }
    if (userAgent == null
        || userAgent.isBlank()
        || !userAgent.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
      throw new InvalidInputException("userAgent", userAgent, "must be non-blank printable ASCII");
    }
  }

  /** No allowed host, 5 seconds to connect, {@value #DEFAULT_USER_AGENT}, the UTC system clock. */
  public static HttpStepOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return DEFAULTS.toBuilder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Builds {@link HttpStepOptions}. Not thread-safe. */
  public static final class Builder {
    private HostAllowList allowList;
    private Duration connectTimeout;
    private String userAgent;
    private Clock clock;

    private Builder(HttpStepOptions from) {
      allowList = from.allowList;
      connectTimeout = from.connectTimeout;
      userAgent = from.userAgent;
      clock = from.clock;
    }

    public Builder allowList(HostAllowList value) {
      allowList = Objects.requireNonNull(value, "allowList");
      return this;
    }

    /** Shorthand for {@code allowList(HostAllowList.of(patterns))}. */
    public Builder allowHosts(String... patterns) {
      return allowList(HostAllowList.of(patterns));
    }

    public Builder connectTimeout(Duration value) {
      connectTimeout = Objects.requireNonNull(value, "connectTimeout");
      return this;
    }

    public Builder userAgent(String value) {
      userAgent = Objects.requireNonNull(value, "userAgent");
      return this;
    }

    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * @throws InvalidInputException when a setting breaks a rule
     */
    public HttpStepOptions build() {
      return new HttpStepOptions(allowList, connectTimeout, userAgent, clock);
    }
  }
}
