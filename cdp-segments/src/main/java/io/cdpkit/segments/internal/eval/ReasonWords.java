package io.cdpkit.segments.internal.eval;

import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.Profile;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Why a consent or reachability leaf of an explanation came out as it did, in words. */
final class ReasonWords {
  private ReasonWords() {}

  /** The recorded marketing consent on the channel: its status, when, from where, or none. */
  static String consent(Profile profile, String channel, Instant now) {
    Optional<Consent> decision = profile.consentDecision(channel, Consent.MARKETING, now);
    return decision.map(consent -> decision(consent, now))
        .orElse("no " + channel + " consent recorded");
  }

  /** The identifier a send would use, or why there is none, from the policy's {@code answer}. */
  static String reachability(
      Profile profile, Reachability answer, Instant now, ReachabilityPolicy policy) {
    String channel = answer.channel();
    if (answer.isReachable()) {
      return "via " + answer.identifierToUse().orElseThrow();
    }
    return switch (answer.unreachableReason().orElseThrow()) {
      case OPTED_OUT -> "opted out of every channel: "
          + consent(profile, ConsentChange.ALL_CHANNELS, now);
      case NO_IDENTIFIER -> "no identifier of type " + String.join(" or ",
          policy.identifierTypes(channel));
      case UNDELIVERABLE -> "every " + String.join(" or ", policy.identifierTypes(channel))
          + " identifier is undeliverable"
          + (answer.detail().isEmpty() ? "" : " (" + answer.detail() + ")");
      case CONSENT_DENIED -> consent(profile, channel, now);
      case CONSENT_UNKNOWN -> consent(profile, channel, now)
          + ", and the reachability policy needs a granted consent on " + channel;
    };
  }

  private static String decision(Consent consent, Instant now) {
    String words = consent.channel() + " consent "
        + consent.status().name().toLowerCase(Locale.ROOT) + " at " + consent.at()
        + " by " + consent.source();
    Instant expires = consent.expiresAt();
    if (expires == null) {
      return words;
    }
    return words + (now.isBefore(expires) ? ", until " : ", lapsed at ") + expires;
  }
}
