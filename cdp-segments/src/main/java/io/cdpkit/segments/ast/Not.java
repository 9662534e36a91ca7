package io.cdpkit.segments.ast;

import java.util.Objects;

/** True when the argument is false: {@code not arg}. */
public record Not(Expr arg) implements Expr {
  public Not {
    Objects.requireNonNull(arg, "arg");
  }
}
