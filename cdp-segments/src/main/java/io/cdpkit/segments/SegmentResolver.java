package io.cdpkit.segments;

import java.util.Map;
import java.util.Optional;

/**
 * Finds the compiled segment {@code in segment "S"} refers to, at evaluation time. Must be
 * thread-safe when evaluations run on several threads.
 */
@FunctionalInterface
public interface SegmentResolver {

  /** The compiled segment of that name, or empty when there is none. */
  Optional<CompiledSegment> find(String name);

  /** A resolver that knows no segment: {@code in segment} fails with an unknown-segment error. */
  static SegmentResolver none() {
    return name -> Optional.empty();
  }

  /** A resolver over a fixed map (copied). */
  static SegmentResolver of(Map<String, CompiledSegment> segments) {
    Map<String, CompiledSegment> copy = Map.copyOf(segments);
    return name -> Optional.ofNullable(copy.get(name));
  }
}
