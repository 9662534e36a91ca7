package io.cdpkit.segments.activation;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Durable state of {@link SegmentSync}, in four concepts that map to one SQL table each: the
 * {@link SyncState} per (segment, destination); the queue of {@link PendingChange}s; the one
 * formed but unacknowledged {@link SyncBatch} per pair (an outbox, so a restart resends it
 * unchanged); and the members each destination holds, with the identifiers sent for them.
 * Methods that change several concepts must do so atomically (one transaction). Implementations
 * must be thread-safe. Check one with {@code SyncStateStoreContract} from the test-jar.
 */
public interface SyncStateStore {

  Optional<SyncState> findState(String segment, String destination);

  /** Every state, by segment then destination. */
  List<SyncState> states();

  /** Inserts or replaces the state of its (segment, destination). */
  void saveState(SyncState state);

  /** Appends a change, assigning its id (greater than every id assigned before); returns it. */
  PendingChange appendChange(String segment, String destination, String profileId, String reason,
      java.time.Instant at);

  /** The oldest pending changes of the pair, by id, at most {@code limit}. */
  List<PendingChange> pendingChanges(String segment, String destination, int limit);

  long countPendingChanges(String segment, String destination);

  /** Deletes changes that needed no delivery (the destination already matched). */
  void deleteChanges(Collection<Long> changeIds);

  /**
   * Atomically: stores the batch as the pair's unacknowledged batch, deletes the consumed changes
   * and saves the state (whose {@code lastSequence} is the batch's sequence).
   *
   * @throws IllegalStateException when the pair already has an unacknowledged batch
   */
  void saveBatch(SyncBatch batch, Collection<Long> consumedChangeIds, SyncState state);

  Optional<SyncBatch> findUnacknowledgedBatch(String segment, String destination);

  /**
   * Runs {@code form}, which forms and saves the pair's next batch, while this instance holds the
   * pair, and returns what it returns; null, without running it, while another instance holds the
   * pair. Two instances forming at the same moment would both read the pair's changes, and one
   * could drop a change that the other's batch does not send. A store of one process just runs it.
   */
  default <T> @Nullable T formAlone(
      String segment, String destination, Supplier<@Nullable T> form) {
    return form.get();
  }

  /**
   * Atomically: deletes the unacknowledged batch, records its added members (with their
   * identifiers) as held by the destination and forgets its removed ones, and saves the state.
   *
   * @throws IllegalStateException when the batch is not the pair's unacknowledged batch
   */
  void acknowledge(SyncBatch batch, SyncState state);

  /** The member as last sent to the destination, if the destination holds it. */
  Optional<SyncMember> findSyncedMember(String segment, String destination, String profileId);

  long countSyncedMembers(String segment, String destination);

  /**
   * Up to {@code limit} ids of the members the destination holds, greater than {@code
   * afterProfileId} (or from the start), in id order: for reconciling after a restart.
   */
  List<String> syncedMemberIds(String segment, String destination, @Nullable String afterProfileId, int limit);

  /**
   * Atomically removes everything held about the profile (a GDPR erasure), in every pair: its
   * pending changes, its place among the members a destination holds (with the identifiers sent
   * for it), and its entries in unacknowledged batches, which keep their sequence and their other
   * members. Acknowledging such a batch later records only what the store still holds of it, so
   * the erased profile is not held again. The destinations are not told: the sync no longer knows
   * who to remove there.
   */
  void forgetProfile(String profileId);
}
