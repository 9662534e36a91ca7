package io.cdpkit.segments;

import java.util.Map;
import java.util.Optional;

/**
 * The saved segments' compiled forms by name: what {@code in segment "S"} evaluates, at
 * evaluation time. Its validation counterpart is {@link SegmentDefinitions}. Must be
 * thread-safe when evaluations run on several threads.
 */
@FunctionalInterface
public interface CompiledSegments {

  /** The compiled segment of that name, or empty when there is none. */
  Optional<CompiledSegment> find(String name);

  /** A resolver that knows no segment: {@code in segment} fails with an unknown-segment error. */
  static CompiledSegments none() {
    return name -> Optional.empty();
  }

  /** A resolver over a fixed map (copied). */
  static CompiledSegments of(Map<String, CompiledSegment> segments) {
    Map<String, CompiledSegment> copy = Map.copyOf(segments);
    return name -> Optional.ofNullable(copy.get(name));
  }
}
