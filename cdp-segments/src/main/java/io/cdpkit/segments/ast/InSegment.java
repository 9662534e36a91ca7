package io.cdpkit.segments.ast;

import java.util.Objects;

/** True when the profile matches the saved segment of this name: {@code in segment "vip"}. */
public record InSegment(String name) implements Expr {
  public InSegment {
    Objects.requireNonNull(name, "name");
  }
}
