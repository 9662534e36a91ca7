package io.cdpkit.segments.activation;

import io.cdpkit.core.delivery.DeliveryOutcome;
import java.util.List;
import java.util.Optional;

/**
 * A place a segment's members are synced to: an address book, an advertising audience, a file, a
 * webhook. {@link SegmentSync} sends it the full membership once, in {@link SyncBatch.Kind#SNAPSHOT}
 * parts, then batches of members added and removed. Implementations must be thread-safe; {@link
 * #deliver} may be called again with a batch it already applied (same idempotency key), after a
 * crash or a lost answer, and should then answer {@link DeliveryOutcome#delivered()} without
 * applying it twice.
 */
public interface SegmentDestination {

  /** A stable name, part of every idempotency key: lower-case letters, digits, {@code _} and {@code -}. */
  String name();

  /** The identifiers sent with each member, in this order; a member holding none is not sent. */
  List<IdentifierField> fields();

  /**
   * The consent channel the destination stands for (such as {@code email} for an address book or
   * {@code ads}); profiles whose consent for it is denied are never sent and are removed. Empty:
   * consent is not checked, except the profile-wide opt-out.
   */
  default Optional<String> consentChannel() {
    return Optional.empty();
  }

  /** Applies one batch. Should not throw: a thrown exception counts as a retryable failure. */
  DeliveryOutcome deliver(SyncBatch batch);
}
