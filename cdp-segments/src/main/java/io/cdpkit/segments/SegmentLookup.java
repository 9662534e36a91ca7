package io.cdpkit.segments;

import io.cdpkit.segments.ast.Expr;
import java.util.Map;
import java.util.Optional;

/**
 * Finds saved segments by name, for validation: whether {@code in segment "S"} names a segment,
 * and what it refers to in turn (to refuse cycles). Implementations must be thread-safe if the
 * validation runs on several threads.
 */
@FunctionalInterface
public interface SegmentLookup {

  /** The saved segment's expression, or empty when no segment has that name. */
  Optional<Expr> find(String name);

  /** A lookup over a fixed map of names to expressions (copied). */
  static SegmentLookup of(Map<String, Expr> segments) {
    Map<String, Expr> copy = Map.copyOf(segments);
    return name -> Optional.ofNullable(copy.get(name));
  }
}
