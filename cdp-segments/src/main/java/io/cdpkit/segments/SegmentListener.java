package io.cdpkit.segments;

/**
 * Observes segment membership transitions. Called on the thread that made the change, after it
 * is stored; an exception is logged and swallowed. Implementations must be thread-safe when
 * profiles change on several threads.
 */
@FunctionalInterface
public interface SegmentListener {
  void onTransition(SegmentTransition transition);
}
