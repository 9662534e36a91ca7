package io.cdpkit.core.internal;

import io.cdpkit.core.CdpListener;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.IdentifierRule;
import io.cdpkit.core.identity.IdentityRules;
import io.cdpkit.core.identity.MergePolicy;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Finds the profile an identify or track call is about, merging profiles where the identity rules
 * say the call shows them to be one person.
 *
 * <p>The algorithm, per call: drop blocked identifiers; find the owners of the rest; the target is
 * the profile named by id, else the owner of the highest-priority identifier, else a new profile;
 * owners linked by a merging identifier join the target (device and anonymous ids only link an
 * anonymous profile; one left with another known profile is recorded as rejected); a group over
 * the caps is refused; if the joined profiles and the new identifiers would break a limit or an
 * exclusive type, the incoming identifier with the lowest priority is dropped and matching runs
 * again, as Segment's identity resolution does. Nothing is written until the group is final; then
 * the group merges into its oldest member.
 */
final class IdentityResolver {
  private final IdentityRules rules;
  private final Merger merger;
  private final Supplier<String> idGenerator;

  IdentityResolver(IdentityRules rules, Merger merger, Supplier<String> idGenerator) {
    this.rules = rules;
    this.merger = merger;
    this.idGenerator = idGenerator;
  }

  /** The outcome: the profile to use, the id the call addressed, and the identifiers to attach. */
  record Resolution(
      StoredProfile profile, String origin, boolean created, boolean merged, List<Identifier> accepted) {}

  Resolution resolve(
      StorageSession session,
      @Nullable String explicitId,
      List<Identifier> incoming,
      Instant at,
      Instant now,
      List<Consumer<CdpListener>> notices) {
    List<Identifier> candidates = byPriority(incoming);
    Map<Identifier, String> rejected = new LinkedHashMap<>();
    candidates.removeIf(
        identifier -> {
          if (rules.isBlocked(identifier)) {
            rejected.put(identifier, "blocked value: never used to merge");
            return true;
          }
          return false;
        });
    // The profile the call names, or one it had to create; else the target follows the owners.
    StoredProfile fixed = null;
    boolean created = false;
    if (explicitId != null) {
      Optional<StoredProfile> found = Profiles.resolve(session, explicitId);
      if (found.isPresent()) {
        fixed = found.get();
      } else {
        fixed = create(session, explicitId, at);
        created = true;
      }
    }
    while (true) {
      Map<String, List<Identifier>> linked = owners(session, candidates);
      boolean callKnown = candidates.stream().anyMatch(this::merges);
      StoredProfile target = fixed;
      if (target == null) {
        String owner = targetOwner(session, candidates, linked, callKnown);
        if (owner == null) {
          fixed = create(session, idGenerator.get(), at);
          created = true;
          target = fixed;
        } else {
          target = session.profiles().find(owner).orElseThrow();
        }
      }
      List<StoredProfile> group = new ArrayList<>();
      group.add(target);
      List<Identifier> links = new ArrayList<>();
      boolean othersLinked = linked.size() > (linked.containsKey(target.id()) ? 1 : 0);
      boolean targetKnown = othersLinked && (callKnown || isKnown(session, target.id()));
      for (Map.Entry<String, List<Identifier>> owner : linked.entrySet()) {
        if (owner.getKey().equals(target.id())) {
          continue;
        }
        StoredProfile other = session.profiles().find(owner.getKey()).orElseThrow();
        if (joins(owner.getValue(), targetKnown, isKnown(session, other.id()))) {
          group.add(other);
          links.addAll(owner.getValue());
        } else {
          for (Identifier kept : owner.getValue()) {
            candidates.remove(kept);
            rejected.put(kept, keptByOwner(kept, other.id()));
          }
        }
      }
      String refusal = overCap(group);
      if (refusal != null) {
        List<String> others = group.subList(1, group.size()).stream().map(StoredProfile::id).toList();
        session.identityLog().append(
            new MergeRecord(0, now, MergeRecord.Kind.MERGE_REFUSED, target.id(), others, links,
                refusal, MergeRecord.SYSTEM, ObjectValue.EMPTY, List.of()));
        candidates.removeAll(links);
        continue;
      }
      // A call that only repeats identifiers the target holds cannot break a limit: the common
      // case of tracking a known person skips the check.
      boolean addsNothing =
          group.size() == 1 && linked.getOrDefault(target.id(), List.of()).size() == candidates.size();
      String conflict = addsNothing ? null : conflict(session, group, candidates);
      if (conflict != null) {
        Identifier dropped = candidates.remove(candidates.size() - 1);
        rejected.put(dropped, conflict);
        continue;
      }
      StoredProfile survivor = target;
      if (group.size() > 1) {
        String reason = "shared identifiers " + links;
        survivor =
            merger.merge(session, group, MergeRecord.Kind.AUTOMATIC_MERGE, links, reason,
                MergeRecord.SYSTEM, now, notices);
      }
      for (Map.Entry<Identifier, String> rejection : rejected.entrySet()) {
        session.identityLog().append(
            new MergeRecord(0, now, MergeRecord.Kind.IDENTIFIER_REJECTED, survivor.id(), List.of(),
                List.of(rejection.getKey()), rejection.getValue(), MergeRecord.SYSTEM,
                ObjectValue.EMPTY, List.of()));
      }
      boolean survivorIsNew = created && survivor.id().equals(target.id());
      return new Resolution(
          survivor, origin(session, explicitId, target, linked), survivorIsNew, group.size() > 1, List.copyOf(candidates));
    }
  }

  /**
   * The profile the call came through, which an unmerge gives its activity back to: the id the
   * call names, even when that id was merged away; else the profile the target's highest-priority
   * matched identifier was first recorded for; else the target.
   */
  private static String origin(
      StorageSession session, @Nullable String explicitId, StoredProfile target, Map<String, List<Identifier>> linked) {
    if (explicitId != null) {
      return explicitId;
    }
    for (Identifier matched : linked.getOrDefault(target.id(), List.of())) {
      Optional<StoredIdentifier> row = session.identifiers().find(matched);
      if (row.isPresent()) {
        return row.get().originProfileId();
      }
    }
    return target.id();
  }

  private List<Identifier> byPriority(List<Identifier> incoming) {
    List<Identifier> distinct = new ArrayList<>(new LinkedHashSet<>(incoming));
    distinct.sort(Comparator.comparingInt((Identifier i) -> rules.rule(i.type()).priority()).reversed());
    return distinct;
  }

  private boolean merges(Identifier identifier) {
    return rules.rule(identifier.type()).merge() == MergePolicy.MERGE;
  }

  /**
   * The profile the call is about when it names none: the owner of its highest-priority merging
   * identifier; else, when the call brings only new merging identifiers, a new profile (null) unless
   * every owner is anonymous (the call then makes that anonymous profile known); else, for calls of
   * device or anonymous ids only, the owner of the highest-priority one.
   */
  private @Nullable String targetOwner(
      StorageSession session, List<Identifier> candidates, Map<String, List<Identifier>> linked, boolean callKnown) {
    for (Map.Entry<String, List<Identifier>> owner : linked.entrySet()) {
      if (owner.getValue().stream().anyMatch(this::merges)) {
        return owner.getKey();
      }
    }
    if (linked.isEmpty()) {
      return null;
    }
    if (callKnown) {
      for (String owner : linked.keySet()) {
        if (isKnown(session, owner)) {
          return null;
        }
      }
    }
    return linked.keySet().iterator().next();
  }

  /** The owners of the candidates, in the order of their highest-priority identifier. */
  private static Map<String, List<Identifier>> owners(StorageSession session, List<Identifier> candidates) {
    Map<String, List<Identifier>> owners = new LinkedHashMap<>();
    for (Identifier candidate : candidates) {
      Optional<StoredIdentifier> row = session.identifiers().find(candidate);
      row.ifPresent(r -> owners.computeIfAbsent(r.profileId(), k -> new ArrayList<>()).add(candidate));
    }
    return owners;
  }

  private boolean joins(List<Identifier> links, boolean targetKnown, boolean otherKnown) {
    for (Identifier link : links) {
      MergePolicy policy = rules.rule(link.type()).merge();
      if (policy == MergePolicy.MERGE) {
        return true;
      }
      if (policy == MergePolicy.ANONYMOUS_ONLY && (!targetKnown || !otherKnown)) {
        return true;
      }
    }
    return false;
  }

  /** Why an identifier another profile holds, and does not join, stays with that profile. */
  private String keptByOwner(Identifier identifier, String ownerId) {
    String rule = rules.rule(identifier.type()).merge() == MergePolicy.ANONYMOUS_ONLY
        ? " links only anonymous profiles and both profiles are known"
        : " never merges profiles";
    return identifier.type() + rule + "; it stays with profile " + ownerId;
  }

  /** A profile is known when it holds an identifier of a merging type (an email, a user id...). */
  private boolean isKnown(StorageSession session, String profileId) {
    for (StoredIdentifier row : session.identifiers().ofProfile(profileId)) {
      if (rules.rule(row.state().type()).merge() == MergePolicy.MERGE) {
        return true;
      }
    }
    return false;
  }

  private @Nullable String overCap(List<StoredProfile> group) {
    if (group.size() > rules.maxProfilesPerMerge()) {
      return "would join " + group.size() + " profiles in one step; the cap is " + rules.maxProfilesPerMerge();
    }
    if (group.size() > 1) {
      int total = group.size() - 1;
      for (StoredProfile profile : group) {
        total += profile.mergedIds().size();
      }
      if (total > rules.maxMergedProfiles()) {
        return "would make one profile of " + (total + 1) + " merged profiles; the cap is "
            + rules.maxMergedProfiles() + " over a profile's life";
      }
    }
    return null;
  }

  /**
   * Why joining the group and attaching the candidates would break a limit or an exclusive type,
   * counting only what the call adds to the target (an old excess is not the call's fault).
   */
  private @Nullable String conflict(StorageSession session, List<StoredProfile> group, List<Identifier> candidates) {
    Map<String, Set<String>> targetValues = new HashMap<>();
    Map<String, Set<String>> combined = new HashMap<>();
    for (int i = 0; i < group.size(); i++) {
      for (StoredIdentifier row : session.identifiers().ofProfile(group.get(i).id())) {
        Identifier id = row.state().identifier();
        combined.computeIfAbsent(id.type(), k -> new HashSet<>()).add(id.value());
        if (i == 0) {
          targetValues.computeIfAbsent(id.type(), k -> new HashSet<>()).add(id.value());
        }
      }
    }
    for (Identifier candidate : candidates) {
      combined.computeIfAbsent(candidate.type(), k -> new HashSet<>()).add(candidate.value());
    }
    for (Map.Entry<String, Set<String>> type : combined.entrySet()) {
      int count = type.getValue().size();
      int before = targetValues.getOrDefault(type.getKey(), Set.of()).size();
      if (count <= before) {
        continue;
      }
      IdentifierRule rule = rules.rule(type.getKey());
      if (rule.exclusive() && count > 1) {
        return "would give one profile " + count + " " + type.getKey() + " values; "
            + type.getKey() + " is exclusive";
      }
      if (count > rule.limit()) {
        return "would give one profile " + count + " " + type.getKey() + " values; the limit is " + rule.limit();
      }
    }
    return null;
  }

  private static StoredProfile create(StorageSession session, String id, Instant at) {
    StoredProfile profile = new StoredProfile(id, ObjectValue.EMPTY, List.of(), at, at, Set.of());
    session.profiles().insert(profile);
    return profile;
  }
}
