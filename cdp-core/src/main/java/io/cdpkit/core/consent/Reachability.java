package io.cdpkit.core.consent;

import io.cdpkit.core.identity.Identifier;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether a profile can be contacted on a channel: the identifier to use, or why not.
 *
 * @param identifier the main deliverable identifier of the channel's types; present only when
 *     reachable
 * @param reason why not; null when reachable
 * @param detail more about the reason (an undeliverable reason such as "hard bounce"), or empty
 */
public record Reachability(
    String channel, @Nullable Identifier identifier, @Nullable Reason reason, String detail) {

  public Reachability {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(detail, "detail");
    if ((identifier == null) == (reason == null)) {
      throw new IllegalArgumentException("exactly one of identifier and reason must be given");
    }
  }

  /** Why a profile cannot be contacted on a channel. */
  public enum Reason {
    /** The profile is opted out of everything (CCPA "do not sell or share", global opt-out). */
    OPTED_OUT,
    /** No identifier of the channel's types. */
    NO_IDENTIFIER,
    /** Every identifier of the channel's types is marked undeliverable. */
    UNDELIVERABLE,
    /** Consent for the channel is denied. */
    CONSENT_DENIED,
    /** No consent for the channel (or it lapsed), and the policy does not count that as reachable. */
    CONSENT_UNKNOWN
  }

  public static Reachability reachable(String channel, Identifier identifier) {
    return new Reachability(channel, identifier, null, "");
  }

  public static Reachability unreachable(String channel, Reason reason, String detail) {
    return new Reachability(channel, null, reason, detail);
  }

  public boolean isReachable() {
    return identifier != null;
  }

  public Optional<Identifier> identifierToUse() {
    return Optional.ofNullable(identifier);
  }

  public Optional<Reason> unreachableReason() {
    return Optional.ofNullable(reason);
  }
}
