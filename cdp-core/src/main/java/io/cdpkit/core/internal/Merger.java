package io.cdpkit.core.internal;

import io.cdpkit.core.spi.Profiles;
import io.cdpkit.core.spi.CodePoints;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.identity.ProfileSnapshot;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Joins profiles into a survivor and takes a source profile back out, inside a write transaction.
 *
 * <p>Everything a profile receives (identifiers, events, attribute updates) remembers its origin,
 * the profile it was first recorded for. A merge moves ownership to the survivor and leaves an
 * alias from each absorbed id; {@link Unmerger} moves back what originated in the source. The
 * survivor's attributes are always rebuilt by replaying its history under the survivorship rules,
 * so the result does not depend on the order in which profiles were joined.
 */
final class Merger {
  /** The oldest profile survives; ties go to the smaller id. */
  static final Comparator<StoredProfile> SURVIVOR_ORDER =
      Comparator.comparing(StoredProfile::createdAt).thenComparing(StoredProfile::id, CodePoints::compare);

  /** The source of the consent decisions a merge records to pin the most restrictive one. */
  static final String PIN_SOURCE = "merge";

  private final IdentityRules rules;

  Merger(IdentityRules rules) {
    this.rules = rules;
  }

  /** Merges the profiles into the oldest of them; returns the survivor after the merge. */
  StoredProfile merge(
      StorageSession session,
      List<StoredProfile> group,
      MergeRecord.Kind kind,
      List<Identifier> cause,
      String reason,
      String actor,
      Instant now,
      List<Consumer<CdpListener>> notices) {
    List<StoredProfile> ordered = new ArrayList<>(group);
    ordered.sort(SURVIVOR_ORDER);
    StoredProfile survivor = ordered.get(0);
    List<StoredProfile> absorbed = ordered.subList(1, ordered.size());
    Set<String> mergedIds = new HashSet<>(survivor.mergedIds());
    Instant updatedAt = survivor.updatedAt();
    Set<String> survivorMainTypes = mainTypes(session, survivor.id());
    Map<String, Winner> restrictive = new LinkedHashMap<>();
    for (StoredProfile member : ordered) {
      for (Consent consent : member.consents()) {
        restrictive.merge(consent.channel() + "/" + consent.purpose(), new Winner(consent, member.id()),
            (held, incoming) -> restrictsMore(incoming.consent(), held.consent()) ? incoming : held);
      }
    }
    List<String> absorbedIds = new ArrayList<>();
    List<ProfileSnapshot> snapshots = new ArrayList<>();
    for (StoredProfile other : absorbed) {
      List<Identifier> mains = new ArrayList<>();
      for (StoredIdentifier row : session.identifiers().ofProfile(other.id())) {
        ProfileIdentifier state = row.state();
        if (state.main()) {
          mains.add(state.identifier());
        }
        if (state.main() && survivorMainTypes.contains(state.type())) {
          state = new ProfileIdentifier(state.identifier(), state.firstSeen(), state.lastSeen(), state.deliverable(), false);
        }
        session.identifiers().put(new StoredIdentifier(state, survivor.id(), row.originProfileId()));
      }
      session.events().reassignOwner(other.id(), survivor.id());
      session.attributeHistory().reassignOwner(other.id(), survivor.id());
      session.consentHistory().reassignOwner(other.id(), survivor.id());
      session.profiles().addAlias(other.id(), survivor.id());
      session.profiles().delete(other.id());
      mergedIds.add(other.id());
      mergedIds.addAll(other.mergedIds());
      if (other.updatedAt().isAfter(updatedAt)) {
        updatedAt = other.updatedAt();
      }
      absorbedIds.add(other.id());
      snapshots.add(other.snapshot(mains));
    }
    ObjectValue attributes = AttributeApplier.replay(session.attributeHistory().ofOwner(survivor.id()), rules);
    pinMostRestrictive(session, survivor.id(), restrictive, now, actor);
    StoredProfile merged =
        new StoredProfile(
            survivor.id(), attributes, Consents.current(session.consentHistory().ofOwner(survivor.id())),
            survivor.createdAt(), updatedAt, mergedIds);
    session.profiles().update(merged);
    session.identityLog().append(
        new MergeRecord(0, now, kind, survivor.id(), absorbedIds, cause, reason, actor, attributes,
            snapshots));
    Profile after = Profiles.assemble(session, merged);
    List<String> gone = List.copyOf(absorbedIds);
    notices.add(l -> l.profilesMerged(after, gone));
    return merged;
  }

  private static Set<String> mainTypes(StorageSession session, String profileId) {
    Set<String> types = new HashSet<>();
    for (StoredIdentifier row : session.identifiers().ofProfile(profileId)) {
      if (row.state().main()) {
        types.add(row.state().type());
      }
    }
    return types;
  }

  /** A member's current consent that is a candidate to win a merge. */
  private record Winner(Consent consent, String memberId) {}

  /**
   * After a merge, the most restrictive of the members' current consents wins per channel and
   * purpose (a denial beats a grant whenever it was given). Where the survivor's combined history
   * would say otherwise, a decision at the merge instant pins the winner; its origin is the member
   * the winner came from, so an unmerge gives that decision back with the rest of its history.
   * Later decisions override it as usual.
   */
  private static void pinMostRestrictive(
      StorageSession session, String survivorId, Map<String, Winner> winners, Instant now, String actor) {
    List<Consent> combined = Consents.current(session.consentHistory().ofOwner(survivorId));
    for (Winner winner : winners.values()) {
      Consent wanted = winner.consent();
      Consent current = Consents.find(combined, wanted.channel(), wanted.purpose()).orElse(null);
      if (current != null && current.status() == wanted.status()) {
        continue;
      }
      Instant at = now.isAfter(wanted.at()) ? now : wanted.at();
      ConsentChange pinned =
          new ConsentChange(null, wanted.channel(), wanted.purpose(), wanted.status(), at, PIN_SOURCE,
              wanted.expiresAt() != null && wanted.expiresAt().isAfter(at) ? wanted.expiresAt() : null, actor);
      session.consentHistory().append(new StoredConsentChange(pinned, survivorId, winner.memberId(), 0));
    }
  }

  private static boolean restrictsMore(Consent candidate, Consent current) {
    boolean candidateDenied = candidate.status() == ConsentStatus.DENIED;
    boolean currentDenied = current.status() == ConsentStatus.DENIED;
    if (candidateDenied != currentDenied) {
      return candidateDenied;
    }
    return candidate.at().isAfter(current.at());
  }
}
