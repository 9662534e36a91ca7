package io.cdpkit.segments.ast;

import java.util.Objects;

/** True when the profile is a member of the static group of this name: {@code in group "staff"}. */
public record InGroup(String name) implements Expr {
  public InGroup {
    Objects.requireNonNull(name, "name");
  }
}
