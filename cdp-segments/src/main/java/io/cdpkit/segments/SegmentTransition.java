package io.cdpkit.segments;

import java.time.Instant;
import java.util.Objects;

/**
 * A profile entered or left a saved segment, at an instant, for a cause. Published to {@link
 * SegmentListener}s after the change that caused it is stored.
 *
 * @param at when membership changed: the instant of the change that caused it, and for {@link
 *     Cause#TIME} the boundary at which a window (of events, a date attribute or a computed
 *     attribute) passed, however late {@code refresh} noticed it
 */
public record SegmentTransition(Kind kind, String segment, String profileId, Instant at, Cause cause) {

  public SegmentTransition {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(cause, "cause");
  }

  /** Entered or exited. */
  public enum Kind {
    ENTERED,
    EXITED
  }

  /** What made the answer change. */
  public enum Cause {
    /** An identify call, consent or deliverability change, or anything else on the profile. */
    PROFILE_CHANGED,
    /** An event was stored. */
    EVENT,
    /**
     * Profiles were merged: the survivor's answer changed, or a merged-away profile left (its id
     * no longer exists; the survivor stands for it).
     */
    MERGE,
    /** A profile was taken back out of this one, or restored by an unmerge. */
    UNMERGE,
    /** The profile was erased. */
    DELETED,
    /**
     * Time passed: a window moved ({@code in the last 30 days}, or a computed attribute's such as
     * {@code orders_7d}).
     */
    TIME,
    /** A static group the segment reads changed. */
    GROUP_CHANGED,
    /** The segment's expression was updated. */
    SEGMENT_UPDATED,
    /**
     * Computed attributes were recalculated outside any event, such as predictions by a model
     * fit (see {@link Segments#recalculated}).
     */
    RECALCULATED
  }

  public boolean entered() {
    return kind == Kind.ENTERED;
  }
}
