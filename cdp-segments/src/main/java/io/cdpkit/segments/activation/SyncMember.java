package io.cdpkit.segments.activation;

import java.util.Map;
import java.util.Objects;

/**
 * A profile as a destination sees it: its id and the identifiers the destination asked for, by
 * {@link IdentifierField#key()}. A removal carries the identifiers that were sent when the member
 * was added, so the destination can find it even after the profile was erased or merged.
 */
public record SyncMember(String profileId, Map<String, String> identifiers) {

  public SyncMember {
    Objects.requireNonNull(profileId, "profileId");
    identifiers = Map.copyOf(identifiers);
  }
}
