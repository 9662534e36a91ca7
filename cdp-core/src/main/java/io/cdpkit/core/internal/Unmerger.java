package io.cdpkit.core.internal;

import io.cdpkit.core.CdpListener;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.identity.ProfileSnapshot;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.core.spi.Profiles;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredConsentChange;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Takes a merged-away profile back out of its survivor, inside a write transaction, leaving both
 * as they would be had that merge never happened.
 *
 * <p>What comes back is every row (identifier, event, attribute update, consent decision) whose
 * origin is the source profile or a profile that was inside it when it was merged and still is:
 * nested merges unwind one level at a time, so after merge(A, B), merge(C, A), unmerge(A) gives A
 * back with B still inside it. The consent decisions the merge pinned (the most restrictive
 * consent winning) are dropped, main identifiers the merge demoted are made main again, and
 * {@code updatedAt} of both profiles is recomputed from what each owns afterwards.
 */
final class Unmerger {
  private final IdentityRules rules;

  Unmerger(IdentityRules rules) {
    this.rules = rules;
  }

  /** Takes {@code sourceId} back out of {@code survivor}; returns it restored. */
  StoredProfile unmerge(
      StorageSession session,
      StoredProfile survivor,
      String sourceId,
      String actor,
      Instant now,
      List<Consumer<CdpListener>> notices) {
    MergeRecord merge = lastMergeOf(session, survivor.id(), sourceId);
    ProfileSnapshot snapshot = snapshotIn(merge, sourceId);
    Set<String> stillInside = new HashSet<>(snapshot.mergedIds());
    stillInside.retainAll(survivor.mergedIds());
    List<String> origins = new ArrayList<>(List.of(sourceId));
    origins.addAll(stillInside.stream().sorted().toList());
    dropPinnedConsents(session, survivor.id(), merge);
    for (String origin : origins) {
      session.identifiers().reassignOrigin(origin, sourceId);
      session.events().reassignOrigin(origin, sourceId);
      session.attributeHistory().reassignOrigin(origin, sourceId);
      session.consentHistory().reassignOrigin(origin, sourceId);
    }
    restoreMainIdentifiers(session, sourceId, snapshot.mainIdentifiers());
    session.profiles().removeAlias(sourceId);
    for (String inner : stillInside) {
      session.profiles().addAlias(inner, sourceId);
    }
    StoredProfile restored =
        rebuilt(session, sourceId, snapshot.createdAt(), snapshot.updatedAt(), stillInside);
    session.profiles().insert(restored);
    Set<String> mergedIds = new HashSet<>(survivor.mergedIds());
    mergedIds.removeAll(origins);
    StoredProfile remaining =
        rebuilt(session, survivor.id(), survivor.createdAt(), survivor.createdAt(), mergedIds);
    session.profiles().update(remaining);
    session.identityLog().append(
        new MergeRecord(
            0, now, MergeRecord.Kind.UNMERGE, survivor.id(), List.of(sourceId), List.of(),
            "unmerged on request", actor, remaining.attributes(), List.of()));
    Profile survivorAfter = Profiles.assemble(session, remaining);
    Profile restoredAfter = Profiles.assemble(session, restored);
    notices.add(l -> l.profileUnmerged(survivorAfter, restoredAfter));
    return restored;
  }

  /**
   * The profile as its owned rows make it: attributes replayed, consents current, and {@code
   * updatedAt} the latest of {@code notBefore}, its attribute updates and its identifiers' first
   * sightings (what moves {@code updatedAt} on ingestion).
   */
  private StoredProfile rebuilt(
      StorageSession session, String id, Instant createdAt, Instant notBefore, Set<String> mergedIds) {
    List<AttributeUpdate> history = session.attributeHistory().ofOwner(id);
    Instant updatedAt = notBefore;
    for (AttributeUpdate update : history) {
      updatedAt = update.at().isAfter(updatedAt) ? update.at() : updatedAt;
    }
    for (StoredIdentifier row : session.identifiers().ofProfile(id)) {
      Instant firstSeen = row.state().firstSeen();
      updatedAt = firstSeen.isAfter(updatedAt) ? firstSeen : updatedAt;
    }
    return new StoredProfile(
        id, AttributeApplier.replay(history, rules),
        Consents.current(session.consentHistory().ofOwner(id)), createdAt, updatedAt, mergedIds);
  }

  /**
   * Deletes the decisions {@code merge} recorded to pin the most restrictive consent (see {@link
   * Merger}): they exist only because of the merge.
   */
  private static void dropPinnedConsents(StorageSession session, String survivorId, MergeRecord merge) {
    Set<String> members = new HashSet<>(merge.otherIds());
    members.add(merge.survivorId());
    for (StoredConsentChange row : session.consentHistory().ofOwner(survivorId)) {
      if (Merger.PIN_SOURCE.equals(row.change().source())
          && row.change().at().equals(merge.at())
          && row.change().actor().equals(merge.actor())
          && members.contains(row.originProfileId())) {
        session.consentHistory().delete(row.sequence());
      }
    }
  }

  /**
   * Makes the restored profile's main identifiers main again: the merge demoted those of a type
   * the survivor had a main of, and messages must go to the address its owner chose.
   */
  private static void restoreMainIdentifiers(
      StorageSession session, String sourceId, List<Identifier> mains) {
    for (Identifier main : mains) {
      session.identifiers().find(main)
          .filter(row -> row.profileId().equals(sourceId) && !row.state().main())
          .ifPresent(row -> session.identifiers().put(
              new StoredIdentifier(row.state().withMain(true), sourceId, row.originProfileId())));
    }
  }

  /** The latest merge that absorbed the source profile. */
  private static MergeRecord lastMergeOf(StorageSession session, String survivorId, String sourceId) {
    List<MergeRecord> records = session.identityLog().ofProfile(sourceId);
    for (int i = records.size() - 1; i >= 0; i--) {
      MergeRecord record = records.get(i);
      if (record.absorbed().stream().anyMatch(absorbed -> absorbed.id().equals(sourceId))) {
        return record;
      }
    }
    throw new IllegalStateException(
        "profile " + sourceId + " resolves to " + survivorId + " but the identity log has no merge of it");
  }

  private static ProfileSnapshot snapshotIn(MergeRecord merge, String sourceId) {
    return merge.absorbed().stream()
        .filter(absorbed -> absorbed.id().equals(sourceId))
        .findFirst()
        .orElseThrow();
  }
}
