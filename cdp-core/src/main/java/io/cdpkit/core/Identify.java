package io.cdpkit.core;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.internal.Checks;
import io.cdpkit.core.profile.AttributeChange;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.NumberValue;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A request to create or update a profile: found by {@code profileId} when given, else by its
 * identifiers, else created. Attribute changes apply in order. Build with {@link #builder()}.
 *
 * @param timestamp when the change happened; {@code null} means the Cdp clock's now
 */
public record Identify(
    @Nullable String profileId,
    List<Identifier> identifiers,
    List<AttributeChange> changes,
    String source,
    @Nullable Instant timestamp) implements CdpRequest {

  public static final String DEFAULT_SOURCE = "api";

  public Identify {
    if (profileId != null) {
      Checks.id("profileId", profileId);
    }
    identifiers = List.copyOf(identifiers);
    changes = List.copyOf(changes);
    Checks.text("source", source, Checks.MAX_ID_LENGTH);
    if (timestamp != null) {
      Checks.instant("timestamp", timestamp);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Identify}; each method checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private @Nullable String profileId;
    private final List<Identifier> identifiers = new ArrayList<>();
    private final List<AttributeChange> changes = new ArrayList<>();
    private String source = DEFAULT_SOURCE;
    private @Nullable Instant timestamp;

    private Builder() {}

    public Builder profileId(String id) {
      this.profileId = Checks.id("profileId", id);
      return this;
    }

    public Builder identifier(Identifier identifier) {
      identifiers.add(Objects.requireNonNull(identifier, "identifier"));
      return this;
    }

    public Builder identifier(String type, String value) {
      return identifier(Identifier.of(type, value));
    }

    public Builder email(String email) {
      return identifier(Identifier.email(email));
    }

    public Builder phone(String phone) {
      return identifier(Identifier.phone(phone));
    }

    public Builder userId(String userId) {
      return identifier(Identifier.userId(userId));
    }

    /** Sets an attribute; the value is converted as {@link AttributeValue#of(Object)} does. */
    public Builder set(String name, @Nullable Object value) {
      return change(new AttributeChange.Set(name, AttributeValue.of(value)));
    }

    public Builder setOnce(String name, @Nullable Object value) {
      return change(new AttributeChange.SetOnce(name, AttributeValue.of(value)));
    }

    public Builder unset(String name) {
      return change(new AttributeChange.Unset(name));
    }

    public Builder increment(String name, Number by) {
      AttributeValue value = AttributeValue.of(Objects.requireNonNull(by, "by"));
      return change(new AttributeChange.Increment(name, (NumberValue) value));
    }

    public Builder append(String name, @Nullable Object value) {
      return change(new AttributeChange.Append(name, AttributeValue.of(value)));
    }

    public Builder change(AttributeChange change) {
      changes.add(Objects.requireNonNull(change, "change"));
      return this;
    }

    public Builder source(String source) {
      this.source = Checks.text("source", source, Checks.MAX_ID_LENGTH);
      return this;
    }

    public Builder timestamp(Instant timestamp) {
      this.timestamp = Checks.instant("timestamp", timestamp);
      return this;
    }

    public Identify build() {
      return new Identify(profileId, identifiers, changes, source, timestamp);
    }
  }
}
