package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.segments.SegmentInUseException;
import io.cdpkit.segments.SegmentNotFoundException;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.StaticGroup;
import io.cdpkit.segments.spi.GroupStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * Static groups: create, rename and delete them (refused while a segment or user reads them), and
 * change their members, re-evaluating the segments that read the group.
 */
final class SegmentGroups {
  private final Cdp cdp;
  private final GroupStore groups;
  private final SegmentCatalog catalog;
  private final MembershipMaintainer membership;
  private final TransitionPublisher publisher;
  private final ReentrantLock lock;

  SegmentGroups(
      Cdp cdp,
      GroupStore groups,
      SegmentCatalog catalog,
      MembershipMaintainer membership,
      TransitionPublisher publisher,
      ReentrantLock lock) {
    this.cdp = cdp;
    this.groups = groups;
    this.catalog = catalog;
    this.membership = membership;
    this.publisher = publisher;
    this.lock = lock;
  }

  StaticGroup create(String name) {
    Names.check("name", name);
    Instant now = cdp.clock().instant();
    if (!groups.createGroup(name, now)) {
      throw new InvalidInputException("name", name, "a group with this name exists already");
    }
    return new StaticGroup(name, now, 0);
  }

  StaticGroup rename(String name, String newName) {
    Names.check("newName", newName);
    lock.lock();
    try {
      Instant created = require(name);
      if (groups.findGroup(newName).isPresent()) {
        throw new InvalidInputException(
            "newName", newName, "a group with this name exists already");
      }
      refuseWhileUsed(name);
      groups.renameGroup(name, newName);
      return new StaticGroup(newName, created, groups.countGroup(newName));
    } finally {
      lock.unlock();
    }
  }

  void delete(String name) {
    lock.lock();
    try {
      require(name);
      refuseWhileUsed(name);
      groups.deleteGroup(name);
    } finally {
      lock.unlock();
    }
  }

  private void refuseWhileUsed(String name) {
    List<String> users = catalog.usersOfGroup(name);
    if (!users.isEmpty()) {
      throw new SegmentInUseException(name, users);
    }
  }

  /**
   * The live profile of each id, in order: ids of live profiles in one batched read, the rest
   * (merged-away ids) one lookup each.
   *
   * @throws ProfileNotFoundException for an id no profile answers to
   */
  private List<String> profileIds(Collection<String> given) {
    Set<String> live =
        StorageBacked.storageOf(cdp).read(session -> session.profiles().existing(given));
    List<String> ids = new ArrayList<>(given.size());
    for (String id : given) {
      ids.add(live.contains(id)
          ? id
          : cdp.findProfile(id).orElseThrow(() -> new ProfileNotFoundException(id)).id());
    }
    return ids;
  }

  /**
   * The identifiers' rows, in order: each names the live profile holding it and its origin.
   *
   * @throws ProfileNotFoundException for an identifier no profile holds
   */
  private List<StoredIdentifier> identifierRows(Collection<Identifier> given) {
    Map<Identifier, StoredIdentifier> rows =
        StorageBacked.storageOf(cdp).read(session -> session.identifiers().findAll(given));
    List<StoredIdentifier> found = new ArrayList<>(given.size());
    for (Identifier identifier : given) {
      StoredIdentifier row = rows.get(identifier);
      if (row == null) {
        throw new ProfileNotFoundException(identifier.toString());
      }
      found.add(row);
    }
    return found;
  }

  List<StaticGroup> list() {
    List<StaticGroup> all = new ArrayList<>();
    for (String name : groups.groupNames()) {
      groups.findGroup(name)
          .ifPresent(created -> all.add(new StaticGroup(name, created, groups.countGroup(name))));
    }
    return all;
  }

  /** Adds or removes the profiles (ids or merged-away ids); returns how many changed. */
  long change(String group, Collection<String> profileIds, boolean add) {
    require(group);
    return change(group, profileIds(profileIds), List.copyOf(profileIds), add);
  }

  /** Adds or removes the profiles holding the identifiers; returns how many changed. */
  long changeIdentified(String group, Collection<Identifier> identifiers, boolean add) {
    require(group);
    List<StoredIdentifier> rows = identifierRows(identifiers);
    return change(group, rows.stream().map(StoredIdentifier::profileId).toList(),
        rows.stream().map(StoredIdentifier::originProfileId).toList(), add);
  }

  /**
   * Changes the live profiles {@code ids}, recording the change through {@code origins} (the id
   * or identifier origin each came through) so that an unmerge can give it to the right side.
   */
  private long change(String group, List<String> ids, List<String> origins, boolean add) {
    List<SegmentTransition> transitions = new ArrayList<>();
    long changed = 0;
    lock.lock();
    try {
      List<String> readers = catalog.readingGroup(group);
      // One list write (a few transactions on a SQL store), then the segments reading the group.
      List<String> done = add ? groups.addToGroup(group, ids) : groups.removeFromGroup(group, ids);
      groups.recordGroupChanges(group, origins, add);
      changed = done.size();
      if (!readers.isEmpty()) {
        for (String id : done) {
          membership.evaluateProfile(
              id, readers::contains, SegmentTransition.Cause.GROUP_CHANGED, transitions);
        }
      }
    } finally {
      lock.unlock();
    }
    publisher.publish(transitions);
    return changed;
  }

  Page<String> members(String group, int limit, @Nullable String cursor) {
    require(group);
    return MemberPages.page(after -> groups.groupMembers(group, after, limit + 1), limit, cursor);
  }

  List<String> groupsOf(String profileId) {
    return groups.groupsOf(profileId);
  }

  /**
   * When the group was created.
   *
   * @throws SegmentNotFoundException when there is no such group
   */
  Instant require(String name) {
    return groups.findGroup(Objects.requireNonNull(name, "name"))
        .orElseThrow(() -> new SegmentNotFoundException("group", name));
  }
}
