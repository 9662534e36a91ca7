package io.cdpkit.segments.internal.eval;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.Explanation;
import io.cdpkit.segments.SegmentExpression;
import java.util.List;
import java.util.Objects;

/** A compiled expression: an immutable tree of {@link Node}s. Thread-safe. */
public final class Program implements CompiledSegment {
  private final SegmentExpression expression;
  private final Node root;

  Program(SegmentExpression expression, Node root) {
    this.expression = expression;
    this.root = root;
  }

  Node root() {
    return root;
  }

  @Override
  public SegmentExpression expression() {
    return expression;
  }

  @Override
  public boolean evaluate(Profile profile, List<Event> events, EvaluationContext context) {
    Frame frame = frame(profile, events, context);
    return root.test(frame, null, profile.attributes());
  }

  @Override
  public Explanation explain(Profile profile, List<Event> events, EvaluationContext context) {
    Frame frame = frame(profile, events, context);
    return root.explain(frame, null, profile.attributes());
  }

  private static Frame frame(Profile profile, List<Event> events, EvaluationContext context) {
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(context, "context");
    return new Frame(profile, events, context);
  }

  @Override
  public String toString() {
    return "CompiledSegment[" + expression + "]";
  }
}
