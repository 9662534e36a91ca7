package io.cdpkit.segments;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import java.util.List;

/**
 * A segment expression compiled for evaluation: compile once, evaluate many times. The
 * implementations {@link SegmentExpression#compile()} returns are immutable and thread-safe.
 * Implement it yourself to back {@code in segment "S"} with something else (a stored membership
 * list, say) through a {@link CompiledSegments}.
 */
public interface CompiledSegment {

  /** The expression this was compiled from. */
  SegmentExpression expression();

  /**
   * True when the profile, with its events (all of them, including those of merged profiles),
   * matches at the context's {@code now}.
   *
   * @throws SegmentValidationException when a referenced segment or group is unknown, or
   *     segment references loop
   */
  boolean evaluate(Profile profile, List<Event> events, EvaluationContext context);

  /**
   * The evaluation as a tree mirroring the expression, each node with its value and, for event
   * conditions, the count or aggregate found.
   *
   * @throws SegmentValidationException as {@link #evaluate} does
   */
  Explanation explain(Profile profile, List<Event> events, EvaluationContext context);
}
