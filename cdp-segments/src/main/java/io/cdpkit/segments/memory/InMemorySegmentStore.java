package io.cdpkit.segments.memory;

import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.spi.GroupLineage;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Segments and groups on the heap, for tests and short-lived processes. Thread-safe: every
 * method holds the store's monitor; counts are O(1).
 */
public final class InMemorySegmentStore implements SegmentStore, GroupStore {
  private final TreeMap<String, SavedSegment> segments = new TreeMap<>();
  private final MembershipIndex segmentMembers = new MembershipIndex();
  private final Map<String, Map<String, Instant>> checksBySegment = new HashMap<>();
  private final TreeMap<Instant, List<DueCheck>> checksByTime = new TreeMap<>();

  private final TreeMap<String, Instant> groups = new TreeMap<>();
  private final MembershipIndex groupMembers = new MembershipIndex();
  /** The merges carried, by absorbed id, and the changes recorded, by group then origin. */
  private final Map<String, GroupLineage.Merge> merges = new HashMap<>();
  private final Map<String, Map<String, GroupLineage.Change>> changes = new HashMap<>();
  /** Pending membership changes by profile, oldest first, each with its sequence. */
  private final LinkedHashMap<String, Long> pending = new LinkedHashMap<>();
  /** One counter for everything this store sequences: lineage and pending changes. */
  private long sequence;

  private InMemorySegmentStore() {}

  public static InMemorySegmentStore create() {
    return new InMemorySegmentStore();
  }

  @Override
  public synchronized void putSegment(SavedSegment segment) {
    segments.put(segment.name(), segment);
  }

  @Override
  public synchronized Optional<SavedSegment> findSegment(String name) {
    return Optional.ofNullable(segments.get(name));
  }

  @Override
  public synchronized List<SavedSegment> segments() {
    return List.copyOf(segments.values());
  }

  @Override
  public synchronized void deleteSegment(String name) {
    segments.remove(name);
    segmentMembers.removeSet(name);
    for (Map.Entry<String, Instant> check : checksBySegment.getOrDefault(name, Map.of()).entrySet()) {
      removeTimed(name, check.getKey(), check.getValue());
    }
    checksBySegment.remove(name);
  }

  @Override
  public synchronized void renameSegment(String name, SavedSegment renamed) {
    List<String> moving = segmentMembers.all(name);
    Map<String, Instant> movingChecks = new HashMap<>(checksBySegment.getOrDefault(name, Map.of()));
    deleteSegment(name);
    segments.put(renamed.name(), renamed);
    for (String profileId : moving) {
      segmentMembers.add(renamed.name(), profileId);
    }
    movingChecks.forEach((profileId, at) -> scheduleCheck(renamed.name(), profileId, at));
  }

  @Override
  public synchronized boolean addMember(String segment, String profileId) {
    return segmentMembers.add(segment, profileId);
  }

  @Override
  public synchronized boolean removeMember(String segment, String profileId) {
    return segmentMembers.remove(segment, profileId);
  }

  @Override
  public synchronized boolean isMember(String segment, String profileId) {
    return segmentMembers.contains(segment, profileId);
  }

  @Override
  public synchronized long countMembers(String segment) {
    return segmentMembers.count(segment);
  }

  @Override
  public synchronized List<String> members(String segment, @Nullable String afterProfileId, int limit) {
    return segmentMembers.page(segment, afterProfileId, limit);
  }

  @Override
  public synchronized List<String> segmentsOf(String profileId) {
    return segmentMembers.setsOf(profileId);
  }

  @Override
  public synchronized void scheduleCheck(String segment, String profileId, @Nullable Instant at) {
    Map<String, Instant> checks = checksBySegment.computeIfAbsent(segment, k -> new HashMap<>());
    Instant previous = at == null ? checks.remove(profileId) : checks.put(profileId, at);
    if (previous != null) {
      removeTimed(segment, profileId, previous);
    }
    if (at != null) {
      checksByTime.computeIfAbsent(at, k -> new ArrayList<>()).add(new DueCheck(segment, profileId, at));
    }
  }

  @Override
  public synchronized List<DueCheck> dueChecks(Instant now, int limit) {
    List<DueCheck> due = new ArrayList<>();
    for (List<DueCheck> atInstant : checksByTime.headMap(now, true).values()) {
      for (DueCheck check : atInstant) {
        if (due.size() == limit) {
          return due;
        }
        due.add(check);
      }
    }
    return due;
  }

  @Override
  public synchronized void forgetProfile(String profileId) {
    segmentMembers.removeMember(profileId);
    for (String segment : new ArrayList<>(checksBySegment.keySet())) {
      scheduleCheck(segment, profileId, null);
    }
  }

  /**
   * Records what one storage write did, as a store that keeps the membership feed does inside the
   * write: each changed profile gets a pending change (or a new sequence on its pending one) while
   * some segment is saved, and the pending changes of deleted profiles are dropped. For a storage
   * that calls it at the end of each write, such as the platform's in-memory storage.
   */
  public synchronized void recordChanges(Collection<String> changed, Collection<String> deleted) {
    deleted.forEach(pending::remove);
    if (!segments.isEmpty()) {
      for (String profileId : changed) {
        pending.put(profileId, ++sequence);
      }
    }
  }

  @Override
  public synchronized List<PendingChange> pendingChanges(int limit) {
    return pending.entrySet().stream().limit(limit)
        .map(e -> new PendingChange(e.getKey(), e.getValue())).toList();
  }

  @Override
  public synchronized Optional<PendingChange> findPendingChange(String profileId) {
    return Optional.ofNullable(pending.get(profileId)).map(seq -> new PendingChange(profileId, seq));
  }

  @Override
  public synchronized boolean completeChange(PendingChange change) {
    return pending.remove(change.profileId(), change.sequence());
  }

  private void removeTimed(String segment, String profileId, Instant at) {
    List<DueCheck> atInstant = checksByTime.get(at);
    if (atInstant != null) {
      atInstant.removeIf(c -> c.segment().equals(segment) && c.profileId().equals(profileId));
      if (atInstant.isEmpty()) {
        checksByTime.remove(at);
      }
    }
  }

  @Override
  public synchronized boolean createGroup(String name, Instant createdAt) {
    return groups.putIfAbsent(name, createdAt) == null;
  }

  @Override
  public synchronized Optional<Instant> findGroup(String name) {
    return Optional.ofNullable(groups.get(name));
  }

  @Override
  public synchronized List<String> groupNames() {
    return List.copyOf(groups.keySet());
  }

  @Override
  public synchronized void deleteGroup(String name) {
    groups.remove(name);
    groupMembers.removeSet(name);
    changes.remove(name);
  }

  @Override
  public synchronized void renameGroup(String name, String newName) {
    Instant created = groups.get(name);
    List<String> moving = groupMembers.all(name);
    Map<String, GroupLineage.Change> recorded = new HashMap<>();
    changes.getOrDefault(name, Map.of()).forEach((origin, c) ->
        recorded.put(origin, new GroupLineage.Change(newName, origin, c.sequence(), c.member())));
    deleteGroup(name);
    if (!recorded.isEmpty()) {
      changes.put(newName, recorded);
    }
    if (created != null) {
      groups.put(newName, created);
    }
    for (String profileId : moving) {
      groupMembers.add(newName, profileId);
    }
  }

  @Override
  public synchronized boolean addToGroup(String group, String profileId) {
    return groupMembers.add(group, profileId);
  }

  @Override
  public synchronized boolean removeFromGroup(String group, String profileId) {
    return groupMembers.remove(group, profileId);
  }

  @Override
  public synchronized boolean inGroup(String group, String profileId) {
    return groupMembers.contains(group, profileId);
  }

  @Override
  public synchronized long countGroup(String group) {
    return groupMembers.count(group);
  }

  @Override
  public synchronized List<String> groupMembers(String group, @Nullable String afterProfileId, int limit) {
    return groupMembers.page(group, afterProfileId, limit);
  }

  @Override
  public synchronized List<String> groupsOf(String profileId) {
    return groupMembers.setsOf(profileId);
  }

  @Override
  public synchronized void recordGroupChanges(String group, List<String> originIds, boolean member) {
    for (String origin : originIds) {
      if (merged(origin)) {
        record(group, origin, member);
      }
    }
  }

  @Override
  public synchronized void forgetProfileInGroups(String profileId) {
    groupMembers.removeMember(profileId);
    for (String origin : new GroupLineage(merges.values()).origins(profileId)) {
      merges.values().removeIf(m -> m.absorbedId().equals(origin) || m.survivorId().equals(origin));
      changes.values().forEach(byOrigin -> byOrigin.remove(origin));
    }
  }

  @Override
  public synchronized void carryGroups(String absorbedId, String survivorId) {
    for (String side : List.of(absorbedId, survivorId)) {
      if (!merged(side)) {
        groupMembers.setsOf(side).forEach(group -> record(group, side, true));
      }
    }
    merges.put(absorbedId, new GroupLineage.Merge(absorbedId, survivorId, ++sequence));
    for (String group : groupMembers.setsOf(absorbedId)) {
      groupMembers.add(group, survivorId);
    }
    groupMembers.removeMember(absorbedId);
  }

  @Override
  public synchronized void giveBackGroups(String restoredId, String survivorId) {
    merges.remove(restoredId);
    GroupLineage lineage = new GroupLineage(merges.values());
    List<GroupLineage.Change> recorded =
        changes.values().stream().flatMap(byOrigin -> byOrigin.values().stream()).toList();
    for (String side : List.of(restoredId, survivorId)) {
      Set<String> now = lineage.groupsOf(side, recorded);
      groupMembers.removeMember(side);
      now.stream().filter(groups::containsKey).forEach(group -> groupMembers.add(group, side));
      if (!merged(side)) {
        changes.values().forEach(byOrigin -> byOrigin.remove(side));
      }
    }
  }

  /** Whether the id is inside a merged profile: absorbed, or a survivor of a carried merge. */
  private boolean merged(String id) {
    return merges.containsKey(id) || merges.values().stream().anyMatch(m -> m.survivorId().equals(id));
  }

  private void record(String group, String origin, boolean member) {
    changes.computeIfAbsent(group, k -> new HashMap<>())
        .put(origin, new GroupLineage.Change(group, origin, ++sequence, member));
  }
}
