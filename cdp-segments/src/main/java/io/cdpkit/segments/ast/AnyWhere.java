package io.cdpkit.segments.ast;

import java.util.Objects;

/**
 * True when one element of the list at {@code path} satisfies the whole filter: {@code any
 * interests where (key = "cars" and value > 45)}. Paths in the filter name the element's fields.
 */
public record AnyWhere(Path path, Expr filter) implements Expr {
  public AnyWhere {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(filter, "filter");
  }
}
