package io.cdpkit.core.identity;

import io.cdpkit.core.profile.ObjectValue;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the identity log: a merge, an unmerge, a refused merge or a rejected identifier,
 * with when, why, who asked and what the profiles looked like.
 *
 * @param sequence assigned by the store, increasing
 * @param survivorId the profile that absorbed (merge), gave back (unmerge), or received the call
 * @param otherIds the absorbed profiles (merge), the restored one (unmerge), or the profiles a
 *     refused merge would have joined
 * @param identifiers the identifiers that caused it, or were rejected
 * @param reason in words, e.g. "email:ann@example.com is held by both"
 * @param actor who asked: a caller-supplied name for manual calls, {@code "system"} otherwise
 * @param attributesAfter the survivor's attributes after a merge: which values won
 * @param absorbed the absorbed profiles as they were, so an unmerge can restore them
 */
public record MergeRecord(
    long sequence,
    Instant at,
    Kind kind,
    String survivorId,
    List<String> otherIds,
    List<Identifier> identifiers,
    String reason,
    String actor,
    ObjectValue attributesAfter,
    List<ProfileSnapshot> absorbed) {

  /** The actor of automatic decisions. */
  public static final String SYSTEM = "system";

  public MergeRecord {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(survivorId, "survivorId");
    otherIds = List.copyOf(otherIds);
    identifiers = List.copyOf(identifiers);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(attributesAfter, "attributesAfter");
    absorbed = List.copyOf(absorbed);
  }

  /** What happened. */
  public enum Kind {
    /** Identity rules joined profiles sharing an identifier. */
    AUTOMATIC_MERGE,
    /** A caller joined chosen profiles. */
    MANUAL_MERGE,
    /** A source profile was taken back out of its survivor. */
    UNMERGE,
    /** A merge past a cap was refused. */
    MERGE_REFUSED,
    /**
     * An identifier was not used: blocked, it would break a limit or an exclusive type, or another
     * profile holds it and its type does not join the two (a device id between two known people).
     */
    IDENTIFIER_REJECTED
  }

  /** The same record with the sequence a store assigned. */
  public MergeRecord withSequence(long assigned) {
    return new MergeRecord(
        assigned, at, kind, survivorId, otherIds, identifiers, reason, actor, attributesAfter, absorbed);
  }
}
