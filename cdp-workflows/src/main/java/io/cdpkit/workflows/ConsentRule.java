package io.cdpkit.workflows;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whose consent a workflow needs: a channel whose reachability (consent, opt-out,
 * deliverability, as {@code Cdp.reachability} decides with the reachability policy) is checked on
 * entry and again before each send, or an explicit choice to ignore consent (transactional
 * messages). Send steps also check their own channel unless consent is ignored. Immutable.
 *
 * @param channel the channel, or null when consent is ignored
 */
public record ConsentRule(@Nullable String channel) {
  private static final ConsentRule IGNORE = new ConsentRule(null);

  /** Needs the profile to be reachable on {@code channel}. */
  public static ConsentRule channel(String channel) {
    return new ConsentRule(Objects.requireNonNull(channel, "channel"));
  }

  /** Sends whatever the profile's consent: only for transactional messages. */
  public static ConsentRule ignoreConsent() {
    return IGNORE;
  }

  public boolean ignoresConsent() {
    return channel == null;
  }

  public Optional<String> findChannel() {
    return Optional.ofNullable(channel);
  }
}
