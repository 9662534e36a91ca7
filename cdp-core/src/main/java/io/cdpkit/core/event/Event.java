package io.cdpkit.core.event;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ObjectValue;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A stored event: something a person did or that happened to them, at {@code timestamp}, as
 * received at {@code receivedAt}. {@code profileId} is the profile that owns it now (after a merge,
 * the survivor). Immutable.
 */
public record Event(
    String id,
    String profileId,
    String type,
    Instant timestamp,
    Instant receivedAt,
    String source,
    ObjectValue properties,
    List<Identifier> identifiers) {

  public Event {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(properties, "properties");
    identifiers = List.copyOf(identifiers);
  }

  /** The same event owned by another profile. */
  public Event withProfileId(String newProfileId) {
    return new Event(id, newProfileId, type, timestamp, receivedAt, source, properties, identifiers);
  }
}
