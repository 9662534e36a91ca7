package io.cdpkit.segments;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A segment saved under a unique name, with its expression in canonical text. */
public record SavedSegment(
    String name, String expression, @Nullable String description, Instant createdAt, Instant updatedAt) {

  public SavedSegment {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  public Optional<String> describedAs() {
    return Optional.ofNullable(description);
  }
}
