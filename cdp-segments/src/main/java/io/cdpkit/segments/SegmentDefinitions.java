package io.cdpkit.segments;

import io.cdpkit.segments.ast.Expr;
import java.util.Map;
import java.util.Optional;

/**
 * The saved segments' definitions (parsed expressions) by name, for validation: whether {@code in
 * segment "S"} names a segment, and what it refers to in turn (to refuse cycles). Its evaluation
 * counterpart is {@link CompiledSegments}. Implementations must be thread-safe if the
 * validation runs on several threads.
 */
@FunctionalInterface
public interface SegmentDefinitions {

  /** The saved segment's expression, or empty when no segment has that name. */
  Optional<Expr> find(String name);

  /** Definitions over a fixed map of names to expressions (copied). */
  static SegmentDefinitions of(Map<String, Expr> segments) {
    Map<String, Expr> copy = Map.copyOf(segments);
    return name -> Optional.ofNullable(copy.get(name));
  }
}
