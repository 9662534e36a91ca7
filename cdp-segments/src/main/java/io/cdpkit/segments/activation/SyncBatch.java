package io.cdpkit.segments.activation;

import java.util.List;
import java.util.Objects;

/**
 * One delivery to a destination: members added and removed. The sequence numbers the batches of a
 * (segment, destination) pair from 1 without gaps; a batch is resent, unchanged and with the same
 * {@link #idempotencyKey()}, until the destination acknowledges it, so a destination that keeps
 * the keys it has applied can ignore a repeat.
 *
 * @param kind {@link Kind#SNAPSHOT} parts carry the full membership once, then {@link
 *     Kind#CHANGES} carry what changed
 * @param lastPart for a snapshot: true on the part that completes it; false for changes
 */
public record SyncBatch(
    String segment,
    String destination,
    long sequence,
    Kind kind,
    boolean lastPart,
    List<SyncMember> added,
    List<SyncMember> removed) {

  /** Whether the batch belongs to the initial full membership or to later changes. */
  public enum Kind {
    SNAPSHOT,
    CHANGES
  }

  public SyncBatch {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(kind, "kind");
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1, was " + sequence);
    }
    if (kind == Kind.SNAPSHOT && !removed.isEmpty()) {
      throw new IllegalArgumentException("a snapshot part only adds members");
    }
    if (kind == Kind.CHANGES && lastPart) {
      throw new IllegalArgumentException("lastPart is for snapshot parts");
    }
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  /** {@code SEGMENT/DESTINATION/SEQUENCE}: the same for every attempt of this batch. */
  public String idempotencyKey() {
    return segment + "/" + destination + "/" + sequence;
  }

  public boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty();
  }
}
