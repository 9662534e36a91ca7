package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.GroupMembership;
import io.cdpkit.segments.RefreshResult;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Membership changes (live updates, saves, refreshes, group edits) are serialised by one lock,
 * which keeps each profile's transitions in order and the maintained membership equal to a fresh
 * evaluation; callers publish the transitions after the lock is released. Time-dependent segments
 * keep, per member or candidate profile, the next instant its answer may change
 * (TimeBoundaries); refresh re-evaluates exactly the checks that fell due.
 *
 * The full evaluation of a segment that does not depend on time asks the SegmentQueries first:
 * when the store answers (one query instead of a Java scan), the member set is applied as a
 * difference to the maintained membership. Time-dependent segments keep the per-profile path,
 * which also schedules each profile's next time check from its events.
 *
 * The store's membership feed (SegmentStore.pendingChanges) makes maintenance durable: a store
 * that keeps it records a pending change in the very write that changes a profile, by any
 * process. The live listener evaluates and completes it in one storage write (the fast path);
 * refresh drains what is left, so a process killed between a profile change and its evaluation,
 * or a change written by a process without segments, still reaches membership. Completion is
 * conditional on the change's sequence, so a newer change stays pending; membership rows change
 * by compare-and-set, so two evaluations of one change produce its transitions once.
 */

/** Keeps the stored membership of saved segments equal to their evaluation. */
final class MembershipMaintainer {
  private static final Logger log = LoggerFactory.getLogger(MembershipMaintainer.class);
  private final Cdp cdp;
  private final SegmentStore store;
  private final GroupStore groups;
  private final ComputedAttributes computed;
  private final SegmentQueries queries;
  private final SegmentCatalog catalog;
  private final ProfileScan scan;
  private final TransitionPublisher publisher;
  private final ReentrantLock lock;

  MembershipMaintainer(
      Cdp cdp,
      SegmentStore store,
      GroupStore groups,
      ComputedAttributes computed,
      SegmentQueries queries,
      SegmentCatalog catalog,
      ProfileScan scan,
      TransitionPublisher publisher,
      ReentrantLock lock) {
    this.cdp = cdp;
    this.store = store;
    this.groups = groups;
    this.computed = computed;
    this.queries = queries;
    this.catalog = catalog;
    this.scan = scan;
    this.publisher = publisher;
    this.lock = lock;
  }

  /** The context segments are evaluated in at {@code now}, over the current catalog. */
  EvaluationContext context(Instant now) {
    GroupMembership membership = (group, profile) -> groups.inGroup(group, profile.id());
    return EvaluationContext.builder(now)
        .zone(cdp.zone())
        .segments(catalog.resolver())
        .groups(membership)
        .reachability(cdp.privacy().reachability())
        .computed(computed)
        .build();
  }

  /** A store query for the expression, reading saved segments and groups as segments do. */
  SegmentQueries.SegmentQuery query(Expr expr, EvaluationContext context) {
    return new SegmentQueries.SegmentQuery(expr, context, catalog.lookup()::find, groups);
  }

  /**
   * Re-evaluates the chosen segments after a change to the profile; returns the transitions to
   * publish. When the profile has a pending change in the membership feed (it may hold what
   * another process changed), every segment is evaluated and the change completed, in the same
   * storage write as the membership it leads to. On a store that joins storage writes, reading the
   * profile and recording the answer are one transaction, which a store shared by several
   * processes reruns when another instance changed the profile meanwhile; the storage write is
   * taken before the lock, the order the Cdp's erasure takes them in.
   */
  List<SegmentTransition> reevaluate(
      String profileId, Predicate<String> which, SegmentTransition.Cause cause) {
    if (catalog.entries().keySet().stream().noneMatch(which)) {
      return List.of();  // nothing to evaluate: no transaction, no reads (bulk ingest, no segments)
    }
    return inWrite(() -> underLock(out -> {
      Optional<SegmentStore.PendingChange> pending = store.findPendingChange(profileId);
      if (pending.isPresent()) {
        settle(pending.get(), cause, cdp.clock().instant(), out);
      } else {
        evaluateProfile(profileId, which, cause, out);
      }
    }));
  }

  /**
   * Settles the membership feed's pending changes, oldest first, at {@code now}, each in a
   * storage write of its own; adds the transitions to publish to {@code out}. A change another
   * process settled meanwhile is passed by; one whose evaluation fails stays pending for the next
   * round.
   */
  void drain(Instant now, List<SegmentTransition> out) {
    Set<SegmentStore.PendingChange> seen = new HashSet<>();
    while (true) {
      List<SegmentStore.PendingChange> fresh =
          store.pendingChanges(ProfileScan.BATCH).stream().filter(seen::add).toList();
      if (fresh.isEmpty()) {
        return;
      }
      for (SegmentStore.PendingChange change : fresh) {
        try {
          out.addAll(inWrite(() -> underLock(transitions ->
              store.findPendingChange(change.profileId()).ifPresent(current ->
                  settle(current, SegmentTransition.Cause.PROFILE_CHANGED, now, transitions)))));
        } catch (RuntimeException e) {
          log.warn("Segments of changed profile {} not evaluated; it stays pending",
              change.profileId(), e);
        }
      }
    }
  }

  private List<SegmentTransition> inWrite(Supplier<List<SegmentTransition>> work) {
    return store.joinsStorageWrites()
        ? StorageBacked.storageOf(cdp).write(session -> work.get())
        : work.get();
  }

  private List<SegmentTransition> underLock(Consumer<List<SegmentTransition>> work) {
    List<SegmentTransition> transitions = new ArrayList<>();
    lock.lock();
    try {
      work.accept(transitions);
    } finally {
      lock.unlock();
    }
    return transitions;
  }

  /**
   * Under the lock: brings the membership of a changed profile up to date (every segment), or
   * ends the memberships of an id merged away (its groups carried to the survivor) or deleted,
   * and completes the change; a newer change of the profile stays pending.
   */
  private void settle(
      SegmentStore.PendingChange change, SegmentTransition.Cause cause, Instant now,
      List<SegmentTransition> out) {
    String id = change.profileId();
    Optional<Profile> found = cdp.findProfile(id);
    if (found.isPresent() && found.get().id().equals(id)) {
      evaluateFound(found.get(), name -> true, cause, now, out);
    } else {
      // As LiveUpdates does when it hears of the merge or deletion: exits not signalled.
      SegmentTransition.Cause gone = found.isPresent()
          ? SegmentTransition.Cause.MERGE : SegmentTransition.Cause.DELETED;
      if (found.isPresent()) {
        groups.carryGroups(id, found.get().id());
      } else {
        groups.forgetProfileInGroups(id);
      }
      for (String segment : store.segmentsOf(id)) {
        out.add(new SegmentTransition(SegmentTransition.Kind.EXITED, segment, id, now, gone));
      }
      store.forgetProfile(id);
    }
    store.completeChange(change);
  }

  /** Re-evaluates the chosen segments for one profile now (under the lock). */
  void evaluateProfile(
      String profileId, Predicate<String> which, SegmentTransition.Cause cause,
      List<SegmentTransition> out) {
    evaluateProfileAt(profileId, which, cause, cdp.clock().instant(), out);
  }

  /** Re-evaluates the chosen segments for one profile (under the lock), recording transitions. */
  private void evaluateProfileAt(
      String profileId, Predicate<String> which, SegmentTransition.Cause cause, Instant now,
      List<SegmentTransition> out) {
    Optional<Profile> found = cdp.findProfile(profileId);
    if (found.isPresent() && found.get().id().equals(profileId)) {
      evaluateFound(found.get(), which, cause, now, out);
    }
  }

  private void evaluateFound(
      Profile profile, Predicate<String> which, SegmentTransition.Cause cause, Instant now,
      List<SegmentTransition> out) {
    List<Event> events = scan.events(profile.id());
    EvaluationContext context = context(now);
    for (CatalogEntry entry : catalog.entries().values()) {
      if (which.test(entry.name())) {
        apply(entry, profile, events, context, cause, out);
      }
    }
  }

  private void apply(
      CatalogEntry entry, Profile profile, List<Event> events, EvaluationContext context,
      SegmentTransition.Cause cause, @Nullable List<SegmentTransition> out) {
    String name = entry.name();
    boolean member = entry.compiled().evaluate(profile, events, context);
    if (out == null && member) {
      store.addMember(name, profile.id());
    } else if (out == null) {
      store.removeMember(name, profile.id());
    } else {
      out.addAll(store.applyTransitions(List.of(new SegmentTransition(
          member ? SegmentTransition.Kind.ENTERED : SegmentTransition.Kind.EXITED,
          name, profile.id(), context.now(), cause)), publisher::inTransaction));
    }
    if (entry.time().timeDependent()) {
      store.scheduleCheck(
          name, profile.id(), entry.time().next(profile, events, context.now(), context.zone()));
    }
  }

  /**
   * Evaluates a segment for every profile (under the lock); a null {@code out} records no
   * transitions.
   */
  void evaluateEveryone(
      String name, SegmentTransition.Cause cause, @Nullable List<SegmentTransition> out) {
    CatalogEntry entry = catalog.require(name);
    EvaluationContext context = context(cdp.clock().instant());
    if (!entry.time().timeDependent()) {
      Optional<List<String>> answered = queries.matching(query(entry.expression().expr(), context));
      if (answered.isPresent()) {
        applyMembers(name, new HashSet<>(answered.get()), context.now(), cause, out);
        return;
      }
    }
    scan.forEachProfile((profile, events) -> apply(entry, profile, events, context, cause, out));
  }

  /**
   * Makes the maintained members of a segment equal {@code members} (under the lock), writing the
   * differences as two lists, which a SQL store writes in a few transactions.
   */
  private void applyMembers(
      String name, Set<String> members, Instant now, SegmentTransition.Cause cause,
      @Nullable List<SegmentTransition> out) {
    Set<String> current = new HashSet<>(scan.members(name));
    List<String> entering = new TreeSet<>(members).stream().filter(id -> !current.contains(id)).toList();
    List<String> leaving = new TreeSet<>(current).stream().filter(id -> !members.contains(id)).toList();
    if (out == null) {
      store.addMembers(name, entering);
      store.removeMembers(name, leaving);
      return;
    }
    List<SegmentTransition> changes = new ArrayList<>();
    for (String id : entering) {
      changes.add(new SegmentTransition(SegmentTransition.Kind.ENTERED, name, id, now, cause));
    }
    for (String id : leaving) {
      changes.add(new SegmentTransition(SegmentTransition.Kind.EXITED, name, id, now, cause));
    }
    out.addAll(store.applyTransitions(changes, publisher::inTransaction));
  }

  /**
   * Settles the pending changes of the membership feed, then re-evaluates every time check due
   * at {@code now}; returns the transitions to publish and how many checks ran.
   */
  RefreshResult refresh(Instant now, List<SegmentTransition> transitions) {
    drain(now, transitions);
    long checked = 0;
    lock.lock();
    try {
      while (true) {
        List<SegmentStore.DueCheck> due = store.dueChecks(now, ProfileScan.BATCH);
        if (due.isEmpty()) {
          break;
        }
        // Per profile, each due segment with the instant its check was due: the boundary at
        // which membership changed, which the transition carries however late refresh runs.
        Map<String, Map<String, Instant>> byProfile = new LinkedHashMap<>();
        for (SegmentStore.DueCheck check : due) {
          byProfile.computeIfAbsent(check.profileId(), k -> new HashMap<>())
              .put(check.segment(), check.at());
          store.scheduleCheck(check.segment(), check.profileId(), null);
        }
        for (Map.Entry<String, Map<String, Instant>> profile : byProfile.entrySet()) {
          Map<String, Instant> boundaries = profile.getValue();
          checked += boundaries.size();
          List<SegmentTransition> changed = new ArrayList<>();
          evaluateProfileAt(
              profile.getKey(), boundaries::containsKey, SegmentTransition.Cause.TIME, now,
              changed);
          for (SegmentTransition t : changed) {
            transitions.add(new SegmentTransition(
                t.kind(), t.segment(), t.profileId(), boundaries.get(t.segment()), t.cause()));
          }
        }
      }
    } finally {
      lock.unlock();
    }
    long entered = transitions.stream().filter(SegmentTransition::entered).count();
    return new RefreshResult(now, checked, entered, transitions.size() - entered);
  }
}
