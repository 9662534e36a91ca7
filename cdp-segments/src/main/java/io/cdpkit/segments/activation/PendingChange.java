package io.cdpkit.segments.activation;

import java.time.Instant;
import java.util.Objects;

/**
 * A profile whose place in a destination must be checked again: it entered or left the segment,
 * was merged or erased, or its consent changed. The sync compares what should be there (a member,
 * consent not denied, an identifier to send) with what was sent, and adds or removes accordingly.
 * One row per change in a SQL store, ordered by {@code id}.
 *
 * @param id assigned by the store, increasing in append order
 * @param reason what caused it, for logs ({@code ENTERED}, {@code EXITED}, {@code CONSENT})
 */
public record PendingChange(
    long id, String segment, String destination, String profileId, String reason, Instant at) {

  public PendingChange {
    Objects.requireNonNull(segment, "segment");
    Objects.requireNonNull(destination, "destination");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
