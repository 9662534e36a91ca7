package io.cdpkit.segments.activation;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the sync of one segment to one destination stands. One row per (segment, destination) in a
 * SQL store.
 *
 * @param snapshotCursor the members cursor after the last snapshot part formed; null before the
 *     first part and once the snapshot is complete
 * @param snapshotComplete whether the last snapshot part was formed (changes follow it)
 * @param lastSequence the sequence of the last batch formed (0 before the first)
 * @param acknowledgedSequence the sequence of the last batch the destination acknowledged
 * @param attempts failed attempts of the current batch
 * @param nextAttemptAt when the next attempt is due
 * @param failure why the sync stopped ({@link Status#FAILED}), else null
 */
public record SyncState(
    String segment,
    String destination,
    Status status,
    @Nullable String snapshotCursor,
    boolean snapshotComplete,
    long lastSequence,
    long acknowledgedSequence,
    int attempts,
    Instant nextAttemptAt,
    @Nullable String failure,
    Instant updatedAt) {

  /** Whether the sync runs. */
  public enum Status {
    /** Runs when due. */
    ACTIVE,
    /** Stopped after a permanent failure or too many attempts; {@link SegmentSync#resume} restarts it. */
    FAILED
  }

  public SyncState {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (acknowledgedSequence < 0 || lastSequence < acknowledgedSequence
        || lastSequence > acknowledgedSequence + 1) {
      throw new IllegalArgumentException("sequences must satisfy 0 <= acknowledged <= last <= "
          + "acknowledged + 1, were " + acknowledgedSequence + " and " + lastSequence);
    }
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative, was " + attempts);
    }
    if ((status == Status.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("a failure reason is given exactly when the status is FAILED");
    }
  }

  /** The state of a new sync: a snapshot to send first, due at {@code now}. */
  public static SyncState initial(String segment, String destination, Instant now) {
    return new SyncState(segment, destination, Status.ACTIVE, null, false, 0, 0, 0, now, null, now);
  }

  /** True while a formed batch waits for its acknowledgement. */
  public boolean hasUnacknowledgedBatch() {
    return lastSequence > acknowledgedSequence;
  }

  SyncState formed(@Nullable String cursor, boolean complete, Instant now) {
    return new SyncState(segment, destination, status, cursor, complete, lastSequence + 1,
        acknowledgedSequence, 0, nextAttemptAt, null, now);
  }

  SyncState acknowledged(Instant now) {
    return new SyncState(segment, destination, Status.ACTIVE, snapshotCursor, snapshotComplete,
        lastSequence, lastSequence, 0, now, null, now);
  }

  SyncState retryAt(Instant next, Instant now) {
    return new SyncState(segment, destination, Status.ACTIVE, snapshotCursor, snapshotComplete,
        lastSequence, acknowledgedSequence, attempts + 1, next, null, now);
  }

  SyncState failed(String reason, Instant now) {
    return new SyncState(segment, destination, Status.FAILED, snapshotCursor, snapshotComplete,
        lastSequence, acknowledgedSequence, attempts + 1, nextAttemptAt, reason, now);
  }

  SyncState resumed(Instant now) {
    return new SyncState(segment, destination, Status.ACTIVE, snapshotCursor, snapshotComplete,
        lastSequence, acknowledgedSequence, 0, now, null, now);
  }
}
