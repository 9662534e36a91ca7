package io.cdpkit.core.internal;

import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Consent state from history. */
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

  static Optional<Consent> find(List<Consent> consents, String channel, String purpose) {
    for (Consent consent : consents) {
      if (consent.channel().equals(channel) && consent.purpose().equals(purpose)) {
        return Optional.of(consent);
      }
    }
    return Optional.empty();
  }
}
