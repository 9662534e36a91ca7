package io.cdpkit.segments.ast;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A condition on the profile's events: {@code event "purchase" at least 2 in the last 7 days where
 * amount > 10}.
 *
 * @param type the event type, or {@code null} for any type ({@code event *})
 * @param aggregate what must hold of the matching events; {@code at least 1} when not written
 * @param window the time window events must fall in; {@link Window.Anytime} when not written
 * @param filter the condition each counted event must satisfy, or {@code null} for none
 */
public record EventCondition(
    @Nullable String type, Aggregate aggregate, Window window, @Nullable Expr filter)
    implements Expr {

  public EventCondition {
    Objects.requireNonNull(aggregate, "aggregate");
    Objects.requireNonNull(window, "window");
  }

  /** {@code event "type"} (or {@code event *} for a null type) with the default aggregate and window. */
  public static EventCondition of(@Nullable String type) {
    return new EventCondition(type, Aggregate.Count.AT_LEAST_ONE, new Window.Anytime(), null);
  }

  /** A copy with the aggregate replaced. */
  public EventCondition withAggregate(Aggregate newAggregate) {
    return new EventCondition(type, newAggregate, window, filter);
  }

  /** A copy with the window replaced. */
  public EventCondition withWindow(Window newWindow) {
    return new EventCondition(type, aggregate, newWindow, filter);
  }

  /** A copy counting {@code at least n} events. */
  public EventCondition atLeast(int n) {
    return withAggregate(new Aggregate.Count(Aggregate.CountOp.AT_LEAST, n));
  }

  /** A copy counting {@code at most n} events. */
  public EventCondition atMost(int n) {
    return withAggregate(new Aggregate.Count(Aggregate.CountOp.AT_MOST, n));
  }

  /** A copy counting {@code exactly n} events. */
  public EventCondition exactly(int n) {
    return withAggregate(new Aggregate.Count(Aggregate.CountOp.EXACTLY, n));
  }

  /** A copy testing a metric: {@code metric(SUM, Path.attr("amount"), GE, 50)}. */
  public EventCondition metric(Aggregate.Metric metric, Path path, CompareOp op, Object number) {
    return withAggregate(new Aggregate.MetricOf(metric, path, op, Literal.of(number)));
  }

  /** Same as {@link #withWindow}. */
  public EventCondition within(Window newWindow) {
    return withWindow(newWindow);
  }

  /** Same as {@link #withFilter}. */
  public EventCondition where(Expr newFilter) {
    return withFilter(newFilter);
  }

  /** A copy with the filter replaced. */
  public EventCondition withFilter(@Nullable Expr newFilter) {
    return new EventCondition(type, aggregate, window, newFilter);
  }
}
