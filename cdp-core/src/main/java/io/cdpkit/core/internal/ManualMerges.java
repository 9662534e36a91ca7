package io.cdpkit.core.internal;

import io.cdpkit.core.CdpListener;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.Profiles;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The merges and unmerges a caller asks for, inside a write transaction: checks the request
 * (live profiles, the manual merge cap), does it, and audits it.
 */
final class ManualMerges {
  private final IdentityRules rules;
  private final Merger merger;
  private final Unmerger unmerger;

  ManualMerges(IdentityRules rules, Merger merger) {
    this.rules = rules;
    this.merger = merger;
    this.unmerger = new Unmerger(rules);
  }

  /** Merges the named profiles into the oldest; returns the survivor. */
  Profile merge(
      StorageSession session,
      List<String> ids,
      String actor,
      Instant now,
      List<Consumer<CdpListener>> notices) {
    Map<String, StoredProfile> group = new LinkedHashMap<>();
    for (String id : ids) {
      StoredProfile profile =
          Profiles.resolve(session, id).orElseThrow(() -> new ProfileNotFoundException(id));
      group.put(profile.id(), profile);
    }
    if (group.size() < 2) {
      throw new InvalidInputException(
          "profileIds", ids, "must name at least two different live profiles");
    }
    int combined = group.size();
    for (StoredProfile profile : group.values()) {
      combined += profile.mergedIds().size();
    }
    if (combined > rules.maxManualMerge()) {
      throw new InvalidInputException(
          "profileIds", ids, "a merge may combine at most " + rules.maxManualMerge()
              + " profiles; this one would combine " + combined);
    }
    StoredProfile survivor =
        merger.merge(session, List.copyOf(group.values()), MergeRecord.Kind.MANUAL_MERGE,
            List.of(), "merged on request", actor, now, notices);
    session.auditLog().append(new AuditEntry(0, now, actor, AuditEntry.Action.MERGED, survivor.id(),
        "merged " + (group.size() - 1) + " profiles into this one: "
            + String.join(", ", survivor.mergedIds().stream().sorted().toList())));
    return Profiles.assemble(session, survivor);
  }

  /** Takes a merged-away profile back out of its survivor; returns it restored. */
  Profile unmerge(
      StorageSession session,
      String sourceProfileId,
      String actor,
      Instant now,
      List<Consumer<CdpListener>> notices) {
    if (session.profiles().find(sourceProfileId).isPresent()) {
      throw new InvalidInputException(
          "profileId", sourceProfileId, "is a live profile, not merged into another");
    }
    StoredProfile survivor =
        Profiles.resolve(session, sourceProfileId)
            .orElseThrow(() -> new ProfileNotFoundException(sourceProfileId));
    StoredProfile restored =
        unmerger.unmerge(session, survivor, sourceProfileId, actor, now, notices);
    session.auditLog().append(new AuditEntry(0, now, actor, AuditEntry.Action.UNMERGED,
        survivor.id(), "unmerged " + restored.id()));
    return Profiles.assemble(session, restored);
  }
}
