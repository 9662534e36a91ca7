package io.cdpkit.segments;

import java.time.Instant;
import java.util.Objects;

/** A static group (customer list): profiles added and removed by hand or by an expression. */
public record StaticGroup(String name, Instant createdAt, long members) {
  public StaticGroup {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
