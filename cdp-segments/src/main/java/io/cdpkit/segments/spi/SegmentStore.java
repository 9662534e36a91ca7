package io.cdpkit.segments.spi;

import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentTransition;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Saved segment definitions, their maintained memberships, and the instants at which a
 * profile's membership must be checked again because time passes. Each method is atomic;
 * implementations are thread-safe.
 */
public interface SegmentStore extends AutoCloseable {

  /** Inserts or replaces the definition of {@code segment.name()}. */
  void putSegment(SavedSegment segment);

  Optional<SavedSegment> findSegment(String name);

  /** Every definition, by name. */
  List<SavedSegment> segments();

  /** Deletes the definition, its members and its checks. */
  void deleteSegment(String name);

  /** Moves the definition, members and checks to a new name (the definition is given renamed). */
  void renameSegment(String name, SavedSegment renamed);

  /** Adds a member; returns true when it was not a member. */
  boolean addMember(String segment, String profileId);

  /** Removes a member; returns true when it was a member. */
  boolean removeMember(String segment, String profileId);

  /**
   * Adds the profiles that are not members yet; returns those it added, in the order given. Each
   * is the compare-and-set of {@link #addMember}; a store may split a long list into several
   * transactions, each kept whole. The default adds them one by one.
   */
  default List<String> addMembers(String segment, List<String> profileIds) {
    return profileIds.stream().filter(id -> addMember(segment, id)).toList();
  }

  /** Removes the profiles that are members; returns those it removed, as {@link #addMembers}. */
  default List<String> removeMembers(String segment, List<String> profileIds) {
    return profileIds.stream().filter(id -> removeMember(segment, id)).toList();
  }

  /**
   * Applies transitions to the stored membership (an entry adds the member, an exit removes it,
   * each the compare-and-set of {@link #addMember} and {@link #removeMember}) and hands those that
   * changed it, in order, to {@code changed} inside the same transaction; returns them. A store
   * that {@linkplain #joinsStorageWrites() joins storage writes} thereby commits the change and
   * what {@code changed} writes to the same database together, or neither when {@code changed}
   * throws. A store may split a long list into several transactions, calling {@code changed} once
   * per transaction. The default applies them one by one, then calls {@code changed} once.
   */
  default List<SegmentTransition> applyTransitions(
      List<SegmentTransition> transitions, Consumer<List<SegmentTransition>> changed) {
    List<SegmentTransition> applied = transitions.stream()
        .filter(t -> t.entered()
            ? addMember(t.segment(), t.profileId())
            : removeMember(t.segment(), t.profileId()))
        .toList();
    if (!applied.isEmpty()) {
      changed.accept(applied);
    }
    return applied;
  }

  boolean isMember(String segment, String profileId);

  long countMembers(String segment);

  /** Up to {@code limit} member ids greater than {@code afterProfileId} (or from the start), in id order. */
  List<String> members(String segment, @Nullable String afterProfileId, int limit);

  /** The segments the profile is a member of, by name. */
  List<String> segmentsOf(String profileId);

  /** Sets (or with null, clears) when the profile's membership of the segment must be checked again. */
  void scheduleCheck(String segment, String profileId, @Nullable Instant at);

  /** Up to {@code limit} checks due at or before {@code now}, earliest first. */
  List<DueCheck> dueChecks(Instant now, int limit);

  /** Removes the profile from every segment and check (erased, or merged away). */
  void forgetProfile(String profileId);

  // The membership feed: profiles whose membership must be evaluated again.

  /**
   * Up to {@code limit} pending changes, oldest first. A store that keeps the feed records one in
   * the write that changes a profile (its attributes, events, identifiers, consents, a merge: the
   * survivor and the absorbed ids), whatever process writes, while some segment is saved; a
   * profile changed again before its change is completed keeps one pending change with a new
   * {@link PendingChange#sequence()}. On a store shared by several instances the changes returned
   * are claimed for a lease, so that another instance passes them by. The default keeps no feed.
   */
  default List<PendingChange> pendingChanges(int limit) {
    return List.of();
  }

  /** The profile's pending change, if any. */
  default Optional<PendingChange> findPendingChange(String profileId) {
    return Optional.empty();
  }

  /**
   * Completes the change if the profile's pending change still has its sequence (a newer change
   * stays pending); returns whether it did. Joins a write running on the calling thread, so a
   * store that {@linkplain #joinsStorageWrites() joins storage writes} completes it together with
   * the membership the evaluation recorded.
   */
  default boolean completeChange(PendingChange change) {
    return false;
  }

  @Override
  default void close() {}

  /**
   * True when this store keeps its rows in the Cdp's own database and its calls join a write
   * running on the calling thread (the SQL stores). The service then re-evaluates a profile and
   * records the outcome in one storage write, so two application instances evaluating the same
   * profile at once cannot leave an answer computed from data the other has already changed.
   */
  default boolean joinsStorageWrites() {
    return false;
  }

  /** A scheduled re-evaluation. */
  record DueCheck(String segment, String profileId, Instant at) {}

  /**
   * A profile that changed since its membership was last evaluated; {@code sequence} tells one
   * recording of the change from a later one.
   */
  record PendingChange(String profileId, long sequence) {
    public PendingChange {
      java.util.Objects.requireNonNull(profileId, "profileId");
    }
  }
}
