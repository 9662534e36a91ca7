package io.cdpkit.core.consent;

import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How reachability is decided: which identifier types carry each channel, and on which channels
 * an unknown consent (none recorded, or lapsed) counts as reachable. Immutable and thread-safe.
 *
 * <p>The default mapping: {@code email} → identifier type {@code email}; {@code sms} → {@code
 * phone} or {@code sms}; {@code whatsapp} → {@code whatsapp} or {@code phone}; {@code push} →
 * {@code device_id}; any other channel → the identifier type of the same name. By default an
 * unknown consent is not reachable on any channel (opt-in, as GDPR marketing rules expect).
 *
 * @param unknownConsentReachable channels on which an unknown consent counts as reachable;
 *     {@code "*"} stands for every channel
 * @param identifierTypes identifier types per channel; channels not listed use their own name
 */
public record ReachabilityPolicy(
    Set<String> unknownConsentReachable, Map<String, List<String>> identifierTypes) {

  private static final ReachabilityPolicy DEFAULTS =
      new ReachabilityPolicy(
          Set.of(),
          Map.of(
              "email", List.of("email"),
              "sms", List.of("phone", "sms"),
              "whatsapp", List.of("whatsapp", "phone"),
              "push", List.of("device_id")));

  public ReachabilityPolicy {
    unknownConsentReachable = Set.copyOf(unknownConsentReachable);
    Map<String, List<String>> copy = new HashMap<>();
    identifierTypes.forEach((channel, types) -> copy.put(channel, List.copyOf(types)));
    identifierTypes = Map.copyOf(copy);
  }

  /** The default policy: the mapping above, unknown consent never reachable. */
  public static ReachabilityPolicy defaults() {
    return DEFAULTS;
  }

  /** A copy where unknown consent counts as reachable on these channels too. */
  public ReachabilityPolicy allowUnknownConsent(String... channels) {
    Set<String> allowed = new HashSet<>(unknownConsentReachable);
    for (String channel : channels) {
      allowed.add(channel.toLowerCase(Locale.ROOT));
    }
    return new ReachabilityPolicy(allowed, identifierTypes);
  }

  /** A copy where unknown consent counts as reachable on every channel. */
  public ReachabilityPolicy allowUnknownConsentEverywhere() {
    return allowUnknownConsent("*");
  }

  /** A copy where the channel is carried by these identifier types. */
  public ReachabilityPolicy withIdentifierTypes(String channel, String... types) {
    Map<String, List<String>> copy = new HashMap<>(identifierTypes);
    copy.put(channel.toLowerCase(Locale.ROOT), List.of(types));
    return new ReachabilityPolicy(unknownConsentReachable, copy);
  }

  /** True when an unknown consent counts as reachable on the channel. */
  public boolean unknownConsentReachable(String channel) {
    return unknownConsentReachable.contains("*")
        || unknownConsentReachable.contains(channel.toLowerCase(Locale.ROOT));
  }

  /**
   * Whether the profile can be contacted on the channel for marketing at {@code now}: not opted
   * out (a denied consent on {@value ConsentChange#ALL_CHANNELS}), an identifier of the channel's
   * types that is deliverable (the main one, else the most recently seen), and consent granted, or
   * unknown where this policy allows. The segment language's {@code reachable via} is this check.
   */
  public Reachability check(Profile profile, String channel, Instant now) {
    if (profile.consentStatus(ConsentChange.ALL_CHANNELS, now) == ConsentStatus.DENIED) {
      return Reachability.unreachable(channel, Reachability.Reason.OPTED_OUT, "");
    }
    List<String> types = identifierTypes(channel);
    ProfileIdentifier best = null;
    ProfileIdentifier anyUndeliverable = null;
    for (ProfileIdentifier candidate : profile.identifiers()) {
      if (!types.contains(candidate.type())) {
        continue;
      }
      if (!candidate.deliverable()) {
        anyUndeliverable = candidate;
      } else if (best == null
          || (candidate.main() && !best.main())
          || (candidate.main() == best.main() && candidate.lastSeen().isAfter(best.lastSeen()))) {
        best = candidate;
      }
    }
    if (best == null) {
      if (anyUndeliverable == null) {
        return Reachability.unreachable(channel, Reachability.Reason.NO_IDENTIFIER, "");
      }
      String reason = anyUndeliverable.undeliverableReason();
      return Reachability.unreachable(channel, Reachability.Reason.UNDELIVERABLE, reason == null ? "" : reason);
    }
    ConsentStatus status = profile.consentStatus(channel.toLowerCase(Locale.ROOT), now);
    if (status == ConsentStatus.DENIED) {
      return Reachability.unreachable(channel, Reachability.Reason.CONSENT_DENIED, "");
    }
    if (status == ConsentStatus.UNKNOWN && !unknownConsentReachable(channel)) {
      return Reachability.unreachable(channel, Reachability.Reason.CONSENT_UNKNOWN, "");
    }
    return Reachability.reachable(channel, best.identifier());
  }

  /** The identifier types that carry the channel. */
  public List<String> identifierTypes(String channel) {
    String lower = channel.toLowerCase(Locale.ROOT);
    return identifierTypes.getOrDefault(lower, List.of(lower));
  }
}
