package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Follows the Cdp: re-evaluates a profile's segments when it changes, carries group memberships
 * over a merge and gives them back on unmerge, and publishes exits for merged-away and deleted profiles. An erased profile's
 * memberships are forgotten inside the erasure ({@link #erase}) and its exits published once the
 * Cdp reports the deletion.
 */
final class LiveUpdates implements CdpListener {
  private final Cdp cdp;
  private final SegmentStore store;
  private final GroupStore groups;
  private final SegmentCatalog catalog;
  private final MembershipMaintainer membership;
  private final TransitionPublisher publisher;
  private final ReentrantLock lock;
  private final Map<String, List<String>> pendingExits = new ConcurrentHashMap<>();

  LiveUpdates(
      Cdp cdp,
      SegmentStore store,
      GroupStore groups,
      SegmentCatalog catalog,
      MembershipMaintainer membership,
      TransitionPublisher publisher,
      ReentrantLock lock) {
    this.cdp = cdp;
    this.store = store;
    this.groups = groups;
    this.catalog = catalog;
    this.membership = membership;
    this.publisher = publisher;
    this.lock = lock;
  }

  @Override
  public void profileCreated(Profile profile) {
    reevaluate(profile.id(), SegmentTransition.Cause.PROFILE_CHANGED);
  }

  @Override
  public void profileUpdated(Profile profile) {
    reevaluate(profile.id(), SegmentTransition.Cause.PROFILE_CHANGED);
  }

  @Override
  public void eventStored(Event event, Profile profile) {
    Set<String> affected = catalog.readingEvent(event.type());
    if (!affected.isEmpty()) {
      publisher.publish(
          membership.reevaluate(profile.id(), affected::contains, SegmentTransition.Cause.EVENT));
    }
  }

  @Override
  public void profilesMerged(Profile survivor, List<String> absorbedIds) {
    List<SegmentTransition> exits = new ArrayList<>();
    Instant now = cdp.clock().instant();
    lock.lock();
    try {
      for (String absorbed : absorbedIds) {
        groups.carryGroups(absorbed, survivor.id());
        // The absorbed id no longer exists: consumers that copy membership see it leave, with
        // cause MERGE so that "left segment" triggers can tell it from a real exit.
        for (String segment : store.segmentsOf(absorbed)) {
          exits.add(new SegmentTransition(
              SegmentTransition.Kind.EXITED, segment, absorbed, now,
              SegmentTransition.Cause.MERGE));
        }
        store.forgetProfile(absorbed);
        store.findPendingChange(absorbed).ifPresent(store::completeChange);
      }
    } finally {
      lock.unlock();
    }
    publisher.publish(exits);
    reevaluate(survivor.id(), SegmentTransition.Cause.MERGE);
  }

  @Override
  public void profileUnmerged(Profile survivor, Profile restored) {
    lock.lock();
    try {
      groups.giveBackGroups(restored.id(), survivor.id());
    } finally {
      lock.unlock();
    }
    reevaluate(survivor.id(), SegmentTransition.Cause.UNMERGE);
    reevaluate(restored.id(), SegmentTransition.Cause.UNMERGE);
  }

  @Override
  public void profileDeleted(String profileId) {
    List<String> left = pendingExits.remove(profileId);
    if (left == null) {
      lock.lock();
      try {
        left = store.segmentsOf(profileId);
        store.forgetProfile(profileId);
        groups.forgetProfileInGroups(profileId);
      } finally {
        lock.unlock();
      }
    }
    Instant now = cdp.clock().instant();
    List<SegmentTransition> exits = new ArrayList<>();
    for (String segment : left) {
      exits.add(new SegmentTransition(
          SegmentTransition.Kind.EXITED, segment, profileId, now,
          SegmentTransition.Cause.DELETED));
    }
    publisher.publish(exits);
  }

  /** Forgets the profile's memberships inside its erasure; exits follow on deletion. */
  void erase(String profileId) {
    lock.lock();
    try {
      pendingExits.put(profileId, store.segmentsOf(profileId));
      store.forgetProfile(profileId);
      groups.forgetProfileInGroups(profileId);
    } finally {
      lock.unlock();
    }
  }

  private void reevaluate(String profileId, SegmentTransition.Cause cause) {
    publisher.publish(membership.reevaluate(profileId, name -> true, cause));
  }
}
