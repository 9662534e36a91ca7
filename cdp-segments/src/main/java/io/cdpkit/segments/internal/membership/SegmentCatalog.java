package io.cdpkit.segments.internal.membership;

import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentDefinitions;
import io.cdpkit.segments.SegmentNotFoundException;
import io.cdpkit.segments.CompiledSegments;
import io.cdpkit.segments.ValidationContext;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.spi.GroupStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/*
 * Definitions are compiled once and kept in an immutable map that is swapped whole on every
 * change, so evaluation reads a consistent catalog without locking. Changes are made under the
 * segments' lock.
 */

/**
 * The saved segments, compiled: compile order, dependents (segments that refer to others),
 * readers of events and groups, users that keep a segment or group from being deleted, and the
 * validation context for new definitions.
 */
final class SegmentCatalog {
  private final GroupStore groups;
  /** The computed attributes $computed.NAME may name; null when any name is accepted. */
  private final @Nullable Set<String> computedNames;
  /** The computed attributes' moving windows, which time checks follow. */
  private final ComputedAttributes computed;
  private volatile Map<String, CatalogEntry> entries;
  private final Map<String, Set<String>> uses = new ConcurrentHashMap<>();

  /**
   * Compiles the stored segments in an order where referenced segments exist.
   *
   * @throws IllegalStateException when stored segments refer to missing ones
   */
  SegmentCatalog(Collection<SavedSegment> stored, GroupStore groups, ComputedAttributes computed) {
    this.groups = groups;
    this.computedNames = computed.knownNames().orElse(null);
    this.computed = computed;
    Map<String, SavedSegment> pending = new LinkedHashMap<>();
    stored.forEach(s -> pending.put(s.name(), s));
    Map<String, CatalogEntry> compiled = new LinkedHashMap<>();
    while (!pending.isEmpty()) {
      int before = pending.size();
      for (Iterator<SavedSegment> it = pending.values().iterator(); it.hasNext(); ) {
        SavedSegment saved = it.next();
        SegmentExpression expression = SegmentExpression.parse(saved.expression());
        if (SegmentDependencies.of(expression.expr()).segments().stream()
            .allMatch(compiled::containsKey)) {
          compiled.put(saved.name(), entry(saved, expression, compiled));
          it.remove();
        }
      }
      if (pending.size() == before) {
        throw new IllegalStateException(
            "stored segments refer to missing segments: " + pending.keySet());
      }
    }
    this.entries = Map.copyOf(compiled);
  }

  private CatalogEntry entry(
      SavedSegment saved, SegmentExpression expression, Map<String, CatalogEntry> known) {
    return new CatalogEntry(
        saved, expression, expression.compile(), SegmentDependencies.of(expression.expr()),
        TimeBoundaries.of(
            expression.expr(),
            name -> known.containsKey(name) ? known.get(name).expression().expr() : null,
            computed::movingWindow));
  }

  /** The current catalog: an immutable snapshot. */
  Map<String, CatalogEntry> entries() {
    return entries;
  }

  int size() {
    return entries.size();
  }

  boolean contains(String name) {
    return entries.containsKey(name);
  }

  @Nullable CatalogEntry find(String name) {
    return entries.get(name);
  }

  /**
   * The segment's entry.
   *
   * @throws SegmentNotFoundException when there is none
   */
  CatalogEntry require(String name) {
    CatalogEntry entry = entries.get(Objects.requireNonNull(name, "name"));
    if (entry == null) {
      throw new SegmentNotFoundException("segment", name);
    }
    return entry;
  }

  /** Adds or replaces the segment; segments referring to it recompute their time windows. */
  void install(SavedSegment saved, SegmentExpression parsed) {
    Map<String, CatalogEntry> next = new LinkedHashMap<>(entries);
    next.put(saved.name(), entry(saved, parsed, next));
    for (String dependent : withDependents(saved.name(), next)) {
      CatalogEntry old = next.get(dependent);
      if (!dependent.equals(saved.name())) {
        next.put(dependent, entry(old.saved(), old.expression(), next));
      }
    }
    entries = Map.copyOf(next);
  }

  /** Moves the segment to its new name, keeping its compiled form. */
  void rename(String name, SavedSegment renamed) {
    Map<String, CatalogEntry> next = new LinkedHashMap<>(entries);
    CatalogEntry current = next.remove(name);
    next.put(renamed.name(), current.renamed(renamed));
    entries = Map.copyOf(next);
  }

  void remove(String name) {
    Map<String, CatalogEntry> next = new LinkedHashMap<>(entries);
    next.remove(name);
    entries = Map.copyOf(next);
  }

  /** The segment and every segment that refers to it, directly or not. */
  Set<String> withDependents(String name) {
    return withDependents(name, entries);
  }

  private static Set<String> withDependents(String name, Map<String, CatalogEntry> all) {
    Set<String> found = new LinkedHashSet<>();
    found.add(name);
    boolean grew = true;
    while (grew) {
      grew = false;
      for (CatalogEntry entry : all.values()) {
        if (!found.contains(entry.name())
            && entry.dependencies().segments().stream().anyMatch(found::contains)) {
          found.add(entry.name());
          grew = true;
        }
      }
    }
    return found;
  }

  /** The segments whose answer an event of the type may change. */
  Set<String> readingEvent(String type) {
    Set<String> all = new HashSet<>();
    for (CatalogEntry entry : entries.values()) {
      if (entry.dependencies().readsEvent(type)) {
        all.addAll(withDependents(entry.name()));
      }
    }
    return all;
  }

  /** The segments whose answer a change to the group may change. */
  List<String> readingGroup(String group) {
    Set<String> all = new HashSet<>();
    for (CatalogEntry entry : entries.values()) {
      if (entry.dependencies().groups().contains(group)) {
        all.addAll(withDependents(entry.name()));
      }
    }
    return List.copyOf(all);
  }

  /** Declares that {@code user} uses the segment or group; the returned handle ends the use. */
  io.cdpkit.core.Subscription registerUse(String segmentOrGroup, String user) {
    Objects.requireNonNull(segmentOrGroup, "segmentOrGroup");
    Objects.requireNonNull(user, "user");
    uses.computeIfAbsent(segmentOrGroup, k -> ConcurrentHashMap.newKeySet()).add(user);
    return () -> uses.getOrDefault(segmentOrGroup, Set.of()).remove(user);
  }

  /** Who uses the segment: segments referring to it, then registered users. */
  List<String> usersOf(String name) {
    List<String> users = new ArrayList<>();
    for (CatalogEntry entry : entries.values()) {
      if (entry.dependencies().segments().contains(name)) {
        users.add("segment:" + entry.name());
      }
    }
    users.addAll(new TreeSet<>(uses.getOrDefault(name, Set.of())));
    return users;
  }

  /** Who uses the group: segments reading it, then registered users. */
  List<String> usersOfGroup(String group) {
    List<String> users = new ArrayList<>();
    for (CatalogEntry entry : entries.values()) {
      if (entry.dependencies().groups().contains(group)) {
        users.add("segment:" + entry.name());
      }
    }
    users.addAll(new TreeSet<>(uses.getOrDefault(group, Set.of())));
    return users;
  }

  /** Validates new definitions against the saved segments, groups and computed attributes. */
  ValidationContext validation(@Nullable String savingAs) {
    Map<String, Expr> known = new HashMap<>();
    entries.forEach((name, entry) -> known.put(name, entry.expression().expr()));
    ValidationContext.Builder builder =
        ValidationContext.builder()
            .segments(SegmentDefinitions.of(known))
            .groups(group -> groups.findGroup(group).isPresent());
    if (savingAs != null) {
      builder.savingAs(savingAs);
    }
    if (computedNames != null) {
      builder.computedAttributes(computedNames);
    }
    return builder.build();
  }

  /** Resolves saved segments' compiled forms, over the current snapshot. */
  CompiledSegments resolver() {
    Map<String, CatalogEntry> current = entries;
    return name -> Optional.ofNullable(current.get(name)).map(CatalogEntry::compiled);
  }

  /** Looks saved segments' expressions up, over the current snapshot. */
  SegmentDefinitions lookup() {
    Map<String, CatalogEntry> current = entries;
    return name -> Optional.ofNullable(current.get(name)).map(e -> e.expression().expr());
  }
}
