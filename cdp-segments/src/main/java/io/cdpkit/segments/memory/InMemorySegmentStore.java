package io.cdpkit.segments.memory;

import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Segments and groups on the heap, for tests and short-lived processes. Thread-safe: every
 * method holds the store's monitor; counts are O(1).
 */
public final class InMemorySegmentStore implements SegmentStore, GroupStore {
  private final TreeMap<String, SavedSegment> segments = new TreeMap<>();
  private final Map<String, TreeSet<String>> members = new HashMap<>();
  private final Map<String, TreeSet<String>> segmentsByProfile = new HashMap<>();
  private final Map<String, Map<String, Instant>> checksBySegment = new HashMap<>();
  private final TreeMap<Instant, List<DueCheck>> checksByTime = new TreeMap<>();

  private final TreeMap<String, Instant> groups = new TreeMap<>();
  private final Map<String, TreeSet<String>> groupMembers = new HashMap<>();
  private final Map<String, TreeSet<String>> groupsByProfile = new HashMap<>();

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
    for (String profileId : members.getOrDefault(name, new TreeSet<>())) {
      unindex(segmentsByProfile, profileId, name);
    }
    members.remove(name);
    for (Map.Entry<String, Instant> check : checksBySegment.getOrDefault(name, Map.of()).entrySet()) {
      removeTimed(name, check.getKey(), check.getValue());
    }
    checksBySegment.remove(name);
  }

  @Override
  public synchronized void renameSegment(String name, SavedSegment renamed) {
    List<String> moving = List.copyOf(members.getOrDefault(name, new TreeSet<>()));
    Map<String, Instant> movingChecks = new HashMap<>(checksBySegment.getOrDefault(name, Map.of()));
    deleteSegment(name);
    segments.put(renamed.name(), renamed);
    for (String profileId : moving) {
      addMember(renamed.name(), profileId);
    }
    movingChecks.forEach((profileId, at) -> scheduleCheck(renamed.name(), profileId, at));
  }

  @Override
  public synchronized boolean addMember(String segment, String profileId) {
    boolean added = members.computeIfAbsent(segment, k -> new TreeSet<>()).add(profileId);
    if (added) {
      segmentsByProfile.computeIfAbsent(profileId, k -> new TreeSet<>()).add(segment);
    }
    return added;
  }

  @Override
  public synchronized boolean removeMember(String segment, String profileId) {
    TreeSet<String> set = members.get(segment);
    boolean removed = set != null && set.remove(profileId);
    if (removed) {
      unindex(segmentsByProfile, profileId, segment);
    }
    return removed;
  }

  @Override
  public synchronized boolean isMember(String segment, String profileId) {
    TreeSet<String> set = members.get(segment);
    return set != null && set.contains(profileId);
  }

  @Override
  public synchronized long countMembers(String segment) {
    TreeSet<String> set = members.get(segment);
    return set == null ? 0 : set.size();
  }

  @Override
  public synchronized List<String> members(String segment, @Nullable String afterProfileId, int limit) {
    return page(members.get(segment), afterProfileId, limit);
  }

  @Override
  public synchronized List<String> segmentsOf(String profileId) {
    return List.copyOf(segmentsByProfile.getOrDefault(profileId, new TreeSet<>()));
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
    for (String segment : segmentsOf(profileId)) {
      removeMember(segment, profileId);
    }
    for (String segment : new ArrayList<>(checksBySegment.keySet())) {
      scheduleCheck(segment, profileId, null);
    }
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
    for (String profileId : groupMembers.getOrDefault(name, new TreeSet<>())) {
      unindex(groupsByProfile, profileId, name);
    }
    groupMembers.remove(name);
  }

  @Override
  public synchronized void renameGroup(String name, String newName) {
    Instant created = groups.get(name);
    TreeSet<String> moving = groupMembers.getOrDefault(name, new TreeSet<>());
    List<String> ids = List.copyOf(moving);
    deleteGroup(name);
    if (created != null) {
      groups.put(newName, created);
    }
    for (String profileId : ids) {
      addToGroup(newName, profileId);
    }
  }

  @Override
  public synchronized boolean addToGroup(String group, String profileId) {
    boolean added = groupMembers.computeIfAbsent(group, k -> new TreeSet<>()).add(profileId);
    if (added) {
      groupsByProfile.computeIfAbsent(profileId, k -> new TreeSet<>()).add(group);
    }
    return added;
  }

  @Override
  public synchronized boolean removeFromGroup(String group, String profileId) {
    TreeSet<String> set = groupMembers.get(group);
    boolean removed = set != null && set.remove(profileId);
    if (removed) {
      unindex(groupsByProfile, profileId, group);
    }
    return removed;
  }

  @Override
  public synchronized boolean inGroup(String group, String profileId) {
    TreeSet<String> set = groupMembers.get(group);
    return set != null && set.contains(profileId);
  }

  @Override
  public synchronized long countGroup(String group) {
    TreeSet<String> set = groupMembers.get(group);
    return set == null ? 0 : set.size();
  }

  @Override
  public synchronized List<String> groupMembers(String group, @Nullable String afterProfileId, int limit) {
    return page(groupMembers.get(group), afterProfileId, limit);
  }

  @Override
  public synchronized List<String> groupsOf(String profileId) {
    return List.copyOf(groupsByProfile.getOrDefault(profileId, new TreeSet<>()));
  }

  @Override
  public synchronized void forgetProfileInGroups(String profileId) {
    for (String group : groupsOf(profileId)) {
      removeFromGroup(group, profileId);
    }
  }

  private static List<String> page(@Nullable TreeSet<String> set, @Nullable String after, int limit) {
    if (set == null) {
      return List.of();
    }
    NavigableSet<String> tail = after == null ? set : set.tailSet(after, false);
    List<String> page = new ArrayList<>(Math.min(limit, tail.size()));
    for (String id : tail) {
      if (page.size() == limit) {
        break;
      }
      page.add(id);
    }
    return page;
  }

  private static void unindex(Map<String, TreeSet<String>> index, String key, String value) {
    TreeSet<String> set = index.get(key);
    if (set != null) {
      set.remove(value);
      if (set.isEmpty()) {
        index.remove(key);
      }
    }
  }
}
