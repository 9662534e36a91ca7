package io.cdpkit.segments.spi;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rule by which a merged profile's group memberships come apart on unmerge, shared by the
 * stores (see {@link GroupStore#giveBackGroups}): the groups a profile is in follow from the
 * merges that formed it and from the last change of each group made through each of its origins
 * (the id or identifier a call came through), as if the merges of the profile were replayed with
 * the changes in between.
 *
 * <p>A change through an origin is recorded only while the origin is inside a merged profile; a
 * merge first records the groups each side is in as changes through that side's id, so a profile
 * formed by merges has a change for every membership it holds. An added membership holds unless
 * a later removal came through an origin that was in the same profile at that time: a merge joins
 * two profiles at its sequence number, so two origins are together from the highest merge on the
 * path between them.
 */
public final class GroupLineage {
  /** Profile {@code absorbedId} was merged into {@code survivorId} at {@code sequence}. */
  public record Merge(String absorbedId, String survivorId, long sequence) {
    public Merge {
      Objects.requireNonNull(absorbedId, "absorbedId");
      Objects.requireNonNull(survivorId, "survivorId");
    }
  }

  /** The last change of {@code group} through {@code originId}, at {@code sequence}. */
  public record Change(String group, String originId, long sequence, boolean member) {
    public Change {
      Objects.requireNonNull(group, "group");
      Objects.requireNonNull(originId, "originId");
    }
  }

  private final Map<String, Merge> parents = new HashMap<>();
  private final Map<String, List<String>> children = new HashMap<>();

  /** The lineage of the given merges, each absorbed id at most once. */
  public GroupLineage(Collection<Merge> merges) {
    for (Merge merge : merges) {
      parents.put(merge.absorbedId(), merge);
      children.computeIfAbsent(merge.survivorId(), k -> new ArrayList<>()).add(merge.absorbedId());
    }
  }

  /** The ids inside {@code profileId}, itself included: the profiles merged into it, transitively. */
  public Set<String> origins(String profileId) {
    Set<String> origins = new TreeSet<>();
    List<String> pending = new ArrayList<>(List.of(profileId));
    while (!pending.isEmpty()) {
      String id = pending.remove(pending.size() - 1);
      if (origins.add(id)) {
        pending.addAll(children.getOrDefault(id, List.of()));
      }
    }
    return origins;
  }

  /**
   * The groups the profile is in, from the changes through its {@linkplain #origins origins}
   * (changes through other origins are ignored), sorted.
   */
  public Set<String> groupsOf(String profileId, Collection<Change> changes) {
    Set<String> origins = origins(profileId);
    Map<String, List<Change>> byGroup = new HashMap<>();
    for (Change change : changes) {
      if (origins.contains(change.originId())) {
        byGroup.computeIfAbsent(change.group(), k -> new ArrayList<>()).add(change);
      }
    }
    Set<String> groups = new TreeSet<>();
    byGroup.forEach((group, groupChanges) -> {
      if (groupChanges.stream().anyMatch(added -> added.member() && holds(added, groupChanges))) {
        groups.add(group);
      }
    });
    return groups;
  }

  /** An addition holds unless a later removal came through an origin joined with it by then. */
  private boolean holds(Change added, List<Change> changes) {
    for (Change removed : changes) {
      if (!removed.member() && removed.sequence() > added.sequence()
          && joinedAt(added.originId(), removed.originId()) < removed.sequence()) {
        return false;
      }
    }
    return true;
  }

  /** When two origins came together: the highest merge on the path between them. */
  private long joinedAt(String a, String b) {
    Map<String, Long> aboveA = new HashMap<>();
    long highest = Long.MIN_VALUE;
    for (String id = a; id != null; ) {
      aboveA.put(id, highest);
      Merge up = parents.get(id);
      highest = up == null ? highest : Math.max(highest, up.sequence());
      id = up == null ? null : up.survivorId();
    }
    highest = Long.MIN_VALUE;
    Set<String> seen = new HashSet<>();
    for (String id = b; id != null && seen.add(id); ) {
      Long fromA = aboveA.get(id);
      if (fromA != null) {
        return Math.max(highest, fromA);
      }
      Merge up = parents.get(id);
      highest = up == null ? highest : Math.max(highest, up.sequence());
      id = up == null ? null : up.survivorId();
    }
    return Long.MAX_VALUE;
  }
}
