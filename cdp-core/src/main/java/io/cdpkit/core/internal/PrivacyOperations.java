package io.cdpkit.core.internal;

import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.consent.PrivacyOptions;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.core.spi.ProfileDataContributor;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.core.spi.SuppressionList;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Erasure and anonymisation, inside a write transaction. */
final class PrivacyOperations {
  private final PrivacyOptions options;

  PrivacyOperations(PrivacyOptions options) {
    this.options = options;
  }

  /** Removes the profile and everything linked to it; keeps an audit entry and, if chosen, hashes. */
  void erase(StorageSession session, StoredProfile profile, String actor, Instant now, List<ProfileDataContributor> contributors) {
    List<StoredIdentifier> identifiers = session.identifiers().ofProfile(profile.id());
    if (options.suppressErasedIdentifiers()) {
      for (StoredIdentifier row : identifiers) {
        session.suppressionList().add(SuppressionList.hashOf(row.state().identifier()));
      }
    }
    for (ProfileDataContributor contributor : contributors) {
      contributor.erase(profile.id());
    }
    long events = session.events().deleteOfProfile(profile.id());
    session.identifiers().deleteOfProfile(profile.id());
    session.attributeHistory().deleteOfOwner(profile.id());
    session.consentHistory().deleteOfOwner(profile.id());
    session.identityLog().deleteOfProfile(profile.id());
    for (String merged : profile.mergedIds()) {
      session.identityLog().deleteOfProfile(merged);
    }
    session.profiles().delete(profile.id());
    session.auditLog().append(
        new AuditEntry(0, now, actor, AuditEntry.Action.ERASED, profile.id(),
            "erased with " + identifiers.size() + " identifiers, " + events + " events and "
                + profile.mergedIds().size() + " merged profiles"
                + (options.suppressErasedIdentifiers() ? "; identifiers suppressed" : "")));
  }

  /** Keeps events without identifiers; drops identifiers, personal attributes and consent history. */
  StoredProfile anonymise(StorageSession session, StoredProfile profile, String actor, Instant now) {
    int identifiers = session.identifiers().deleteOfProfile(profile.id());
    session.events().clearIdentifiersOfProfile(profile.id());
    long redactedEvents = session.events().removePropertiesOfProfile(profile.id(), options.personalAttributes());
    Map<String, AttributeValue> kept = new LinkedHashMap<>();
    List<String> removed = new ArrayList<>();
    profile.attributes().fields().forEach((name, value) -> {
      if (options.personalAttributes().contains(name)) {
        removed.add(name);
      } else {
        kept.put(name, value);
      }
    });
    ObjectValue attributes = new ObjectValue(kept);
    // History could replay personal values: it is replaced by one update holding what is kept.
    session.attributeHistory().deleteOfOwner(profile.id());
    List<AttributeChange> sets = new ArrayList<>();
    kept.forEach((name, value) -> sets.add(new AttributeChange.Set(name, value)));
    if (!sets.isEmpty()) {
      session.attributeHistory().append(new AttributeUpdate(profile.id(), profile.id(), profile.updatedAt(), 0, "anonymisation", sets));
    }
    session.consentHistory().deleteOfOwner(profile.id());
    session.identityLog().deleteOfProfile(profile.id());
    StoredProfile anonymous =
        new StoredProfile(profile.id(), attributes, List.of(), profile.createdAt(), profile.updatedAt(), profile.mergedIds());
    session.profiles().update(anonymous);
    session.auditLog().append(
        new AuditEntry(0, now, actor, AuditEntry.Action.ANONYMISED, profile.id(),
            "removed " + identifiers + " identifiers, attributes " + removed + " and personal properties of "
                + redactedEvents + " events"));
    return anonymous;
  }

  /** True when the identifier belongs to an erased, suppressed person. */
  /** The hashes {@link #isSuppressed} would look up for these identifiers; none when off. */
  List<String> suppressionHashes(Collection<Identifier> identifiers) {
    if (!options.suppressErasedIdentifiers()) {
      return List.of();
    }
    List<String> hashes = new ArrayList<>(identifiers.size());
    for (Identifier identifier : identifiers) {
      hashes.add(SuppressionList.hashOf(identifier));
    }
    return hashes;
  }

  boolean isSuppressed(StorageSession session, Identifier identifier) {
    return options.suppressErasedIdentifiers() && session.suppressionList().contains(SuppressionList.hashOf(identifier));
  }
}
