package io.cdpkit.core.internal;

import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Consent state from history, and the reachability rule. */
public final class Consents {
  private Consents() {}

  /**
   * Records a decision for the profile: appends it to the history (with {@code origin} as the
   * profile it was recorded for), updates the current consents, and audits it.
   */
  public static StoredProfile record(
      StorageSession session, StoredProfile profile, String origin, ConsentChange change, Instant now) {
    session.consentHistory().append(new StoredConsentChange(change, profile.id(), origin, 0));
    StoredProfile updated = withCurrentConsents(session, profile);
    session.auditLog().append(
        new AuditEntry(0, now, change.actor(), AuditEntry.Action.CONSENT_CHANGED, profile.id(),
            change.channel() + "/" + change.purpose() + " " + change.status().name().toLowerCase(java.util.Locale.ROOT)
                + " (source " + change.source() + (change.identifier() == null ? "" : ", via " + change.identifier().type())
                + ")"));
    return updated;
  }

  /** The profile with its consents rebuilt from its history, stored. */
  public static StoredProfile withCurrentConsents(StorageSession session, StoredProfile profile) {
    StoredProfile updated =
        new StoredProfile(profile.id(), profile.attributes(), current(session.consentHistory().ofOwner(profile.id())),
            profile.createdAt(), profile.updatedAt(), profile.mergedIds());
    session.profiles().update(updated);
    return updated;
  }

  /** The current consent per channel and purpose: the newest decision of each (history newest first). */
  public static List<Consent> current(List<StoredConsentChange> newestFirst) {
    Map<String, Consent> current = new LinkedHashMap<>();
    for (StoredConsentChange stored : newestFirst) {
      ConsentChange change = stored.change();
      current.putIfAbsent(change.channel() + "/" + change.purpose(), change.toConsent());
    }
    return List.copyOf(current.values());
  }

  /** The profile's consent for the channel and purpose at {@code now}; lapsed consent is unknown. */
  public static ConsentStatus status(Profile profile, String channel, String purpose, Instant now) {
    return find(profile.consents(), channel, purpose)
        .filter(c -> c.expiresAt() == null || now.isBefore(c.expiresAt()))
        .map(Consent::status)
        .orElse(ConsentStatus.UNKNOWN);
  }

  static Optional<Consent> find(List<Consent> consents, String channel, String purpose) {
    for (Consent consent : consents) {
      if (consent.channel().equals(channel) && consent.purpose().equals(purpose)) {
        return Optional.of(consent);
      }
    }
    return Optional.empty();
  }

  /** True when the profile opted out of everything (a denied {@code all} marketing consent). */
  public static boolean optedOut(Profile profile, Instant now) {
    return status(profile, ConsentChange.ALL_CHANNELS, Consent.MARKETING, now) == ConsentStatus.DENIED;
  }

  /**
   * Whether the profile can be contacted on the channel for marketing: not opted out, an
   * identifier of the channel's types that is deliverable (the main one, else the most recently
   * seen), and consent granted (or unknown where the policy allows).
   */
  public static Reachability reachability(Profile profile, String channel, ReachabilityPolicy policy, Instant now) {
    if (optedOut(profile, now)) {
      return Reachability.unreachable(channel, Reachability.Reason.OPTED_OUT, "");
    }
    List<String> types = policy.identifierTypes(channel);
    ProfileIdentifier best = null;
    ProfileIdentifier anyUndeliverable = null;
    for (ProfileIdentifier candidate : profile.identifiers()) {
      if (!types.contains(candidate.type())) {
        continue;
      }
      if (!candidate.deliverable()) {
        anyUndeliverable = candidate;
        continue;
      }
      if (best == null
          || (candidate.main() && !best.main())
          || (candidate.main() == best.main() && candidate.lastSeen().isAfter(best.lastSeen()))) {
        best = candidate;
      }
    }
    if (best == null) {
      return anyUndeliverable == null
          ? Reachability.unreachable(channel, Reachability.Reason.NO_IDENTIFIER, "")
          : Reachability.unreachable(channel, Reachability.Reason.UNDELIVERABLE,
              anyUndeliverable.undeliverableReason() == null ? "" : anyUndeliverable.undeliverableReason());
    }
    ConsentStatus status = status(profile, channel, Consent.MARKETING, now);
    if (status == ConsentStatus.DENIED) {
      return Reachability.unreachable(channel, Reachability.Reason.CONSENT_DENIED, "");
    }
    if (status == ConsentStatus.UNKNOWN && !policy.unknownConsentReachable(channel)) {
      return Reachability.unreachable(channel, Reachability.Reason.CONSENT_UNKNOWN, "");
    }
    return Reachability.reachable(channel, best.identifier());
  }
}
