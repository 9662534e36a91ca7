package io.cdpkit.core;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.internal.Checks;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to store an event for the profile found by {@code profileId} or the identifiers; an
 * unknown person becomes a new anonymous profile. A caller-supplied {@code eventId} makes the call
 * idempotent: the same id twice stores one event. Build with {@link #builder(String)}.
 *
 * @param timestamp when it happened; {@code null} means the Cdp clock's now
 */
public record Track(
    @Nullable String eventId,
    String type,
    @Nullable Instant timestamp,
    String source,
    ObjectValue properties,
    List<Identifier> identifiers,
    @Nullable String profileId) implements CdpRequest {

  public Track {
    if (eventId != null) {
      Checks.id("eventId", eventId);
    }
    Checks.eventType("type", type);
    if (timestamp != null) {
      Checks.instant("timestamp", timestamp);
    }
    Checks.text("source", source, Checks.MAX_ID_LENGTH);
    Objects.requireNonNull(properties, "properties");
    identifiers = List.copyOf(identifiers);
    if (profileId != null) {
      Checks.id("profileId", profileId);
    }
  }

  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** Builds a {@link Track}; each method checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final String type;
    private @Nullable String eventId;
    private @Nullable Instant timestamp;
    private String source = Identify.DEFAULT_SOURCE;
    private final Map<String, AttributeValue> properties = new LinkedHashMap<>();
    private final List<Identifier> identifiers = new ArrayList<>();
    private @Nullable String profileId;

    private Builder(String type) {
      this.type = Checks.eventType("type", type);
    }

    public Builder eventId(String id) {
      this.eventId = Checks.id("eventId", id);
      return this;
    }

    public Builder timestamp(Instant timestamp) {
      this.timestamp = Checks.instant("timestamp", timestamp);
      return this;
    }

    public Builder source(String source) {
      this.source = Checks.text("source", source, Checks.MAX_ID_LENGTH);
      return this;
    }

    /** Adds a property; the value is converted as {@link AttributeValue#of(Object)} does. */
    public Builder property(String name, @Nullable Object value) {
      properties.put(ObjectValue.checkName(name), AttributeValue.of(value));
      return this;
    }

    public Builder properties(ObjectValue values) {
      properties.putAll(values.fields());
      return this;
    }

    public Builder identifier(Identifier identifier) {
      identifiers.add(Objects.requireNonNull(identifier, "identifier"));
      return this;
    }

    public Builder identifier(String type, String value) {
      return identifier(Identifier.of(type, value));
    }

    public Builder profileId(String id) {
      this.profileId = Checks.id("profileId", id);
      return this;
    }

    public Track build() {
      return new Track(
          eventId, type, timestamp, source, new ObjectValue(properties), identifiers, profileId);
    }
  }
}
