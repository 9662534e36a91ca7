package io.cdpkit.segments.internal.eval;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.segments.Explanation;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One compiled condition. {@link #test} is the hot path: no allocation beyond what the data
 * needs. {@link #explain} walks the same node with the same rules and records what it found.
 * Nodes are immutable and thread-safe; per-evaluation state lives in the {@link Frame}.
 */
abstract class Node {
  /** The canonical text of the condition, for explanations. */
  final String text;

  Node(String text) {
    this.text = text;
  }

  abstract boolean test(Frame frame, @Nullable Event event, ObjectValue scope);

  Explanation explain(Frame frame, @Nullable Event event, ObjectValue scope) {
    return new Explanation(text, test(frame, event, scope), "", List.of());
  }
}
