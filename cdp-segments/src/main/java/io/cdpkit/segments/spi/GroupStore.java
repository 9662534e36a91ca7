package io.cdpkit.segments.spi;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Static groups and their members. Each method is atomic; implementations are thread-safe. */
public interface GroupStore {

  /** Creates a group; returns false when the name exists. */
  boolean createGroup(String name, Instant createdAt);

  /** The group's creation instant, when it exists. */
  Optional<Instant> findGroup(String name);

  /** Every group name, sorted. */
  List<String> groupNames();

  /** Deletes the group and its memberships. */
  void deleteGroup(String name);

  /** Renames the group, keeping its members. */
  void renameGroup(String name, String newName);

  /** Adds a member; returns true when it was not a member. */
  boolean addToGroup(String group, String profileId);

  /** Removes a member; returns true when it was a member. */
  boolean removeFromGroup(String group, String profileId);

  /**
   * Adds the profiles that are not in the group yet; returns those it added, in the order given.
   * Each is the compare-and-set of {@link #addToGroup(String, String)}; a store may split a long
   * list into several transactions, each kept whole. The default adds them one by one.
   */
  default List<String> addToGroup(String group, List<String> profileIds) {
    return profileIds.stream().filter(id -> addToGroup(group, id)).toList();
  }

  /** Removes the profiles that are in the group; returns those it removed, as {@link #addToGroup(String, List)}. */
  default List<String> removeFromGroup(String group, List<String> profileIds) {
    return profileIds.stream().filter(id -> removeFromGroup(group, id)).toList();
  }

  boolean inGroup(String group, String profileId);

  long countGroup(String group);

  /** Up to {@code limit} member ids greater than {@code afterProfileId}, in id order. */
  List<String> groupMembers(String group, @Nullable String afterProfileId, int limit);

  /** The groups the profile is in, sorted. */
  List<String> groupsOf(String profileId);

  /**
   * Records that the members of {@code group} changed through these origins (the id or the origin
   * of the identifier each call came through, see {@link GroupLineage}), each at a new sequence
   * number. The store keeps the record only for origins inside a merged profile (in a merge it
   * carried and has not given back); {@link #addToGroup} and {@link #removeFromGroup} still change
   * the members.
   */
  void recordGroupChanges(String group, List<String> originIds, boolean member);

  /**
   * Removes the profile from every group, and forgets the merges and changes recorded for it and
   * the profiles merged into it (see {@link #carryGroups}), so that no id of it is left.
   */
  void forgetProfileInGroups(String profileId);

  /**
   * A merge: the survivor joins every group the absorbed profile is in, and the absorbed id leaves
   * them. The store records the merge at a new sequence number and, for each side not formed by
   * merges, its groups as changes through its id, for {@link #giveBackGroups}.
   */
  void carryGroups(String absorbedId, String survivorId);

  /**
   * An unmerge: forgets the merge that absorbed {@code restoredId}, then sets the groups of the
   * restored profile and of the live {@code survivorId} to those {@link GroupLineage#groupsOf}
   * gives each from the recorded merges and changes (groups that no longer exist left out), and
   * forgets the changes of a side left with no merge inside it.
   */
  void giveBackGroups(String restoredId, String survivorId);
}
