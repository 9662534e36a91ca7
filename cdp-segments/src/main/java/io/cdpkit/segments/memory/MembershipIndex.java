package io.cdpkit.segments.memory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Members per set (a segment or a group) and sets per member, kept in step. Not thread-safe: the
 * store holds its monitor around every call. Counts are O(1); members page in id order.
 */
final class MembershipIndex {
  private final Map<String, TreeSet<String>> members = new HashMap<>();
  private final Map<String, TreeSet<String>> setsOfMember = new HashMap<>();

  boolean add(String set, String member) {
    boolean added = members.computeIfAbsent(set, k -> new TreeSet<>()).add(member);
    if (added) {
      setsOfMember.computeIfAbsent(member, k -> new TreeSet<>()).add(set);
    }
    return added;
  }

  boolean remove(String set, String member) {
    TreeSet<String> of = members.get(set);
    boolean removed = of != null && of.remove(member);
    if (removed) {
      unindex(setsOfMember, member, set);
    }
    return removed;
  }

  boolean contains(String set, String member) {
    TreeSet<String> of = members.get(set);
    return of != null && of.contains(member);
  }

  long count(String set) {
    TreeSet<String> of = members.get(set);
    return of == null ? 0 : of.size();
  }

  /** Up to {@code limit} members after {@code after} (or from the start), in id order. */
  List<String> page(String set, @Nullable String after, int limit) {
    TreeSet<String> of = members.get(set);
    if (of == null) {
      return List.of();
    }
    NavigableSet<String> tail = after == null ? of : of.tailSet(after, false);
    List<String> page = new ArrayList<>(Math.min(limit, tail.size()));
    for (String id : tail) {
      if (page.size() == limit) {
        break;
      }
      page.add(id);
    }
    return page;
  }

  /** The sets the member is in, sorted. */
  List<String> setsOf(String member) {
    return List.copyOf(setsOfMember.getOrDefault(member, new TreeSet<>()));
  }

  /** Every member of the set, sorted. */
  List<String> all(String set) {
    return List.copyOf(members.getOrDefault(set, new TreeSet<>()));
  }

  /** Removes the set and its members' links to it. */
  void removeSet(String set) {
    TreeSet<String> of = members.remove(set);
    if (of != null) {
      for (String member : of) {
        unindex(setsOfMember, member, set);
      }
    }
  }

  /** Removes the member from every set. */
  void removeMember(String member) {
    for (String set : setsOf(member)) {
      remove(set, member);
    }
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
