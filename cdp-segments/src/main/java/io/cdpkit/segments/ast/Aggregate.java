package io.cdpkit.segments.ast;

import java.util.Objects;

/**
 * What must hold of the events an {@link EventCondition} selects: a count ({@code at least 2}) or
 * a metric over a numeric property ({@code sum of amount >= 50}). Immutable and thread-safe.
 */
public sealed interface Aggregate {

  /** How a count compares. */
  enum CountOp {
    AT_LEAST,
    AT_MOST,
    EXACTLY
  }

  /** The metrics over a numeric property. */
  enum Metric {
    SUM,
    AVG,
    MIN,
    MAX
  }

  /** {@code at least N}, {@code at most N} or {@code exactly N} events. */
  record Count(CountOp op, int count) implements Aggregate {
    /** The default: {@code at least 1}. */
    public static final Count AT_LEAST_ONE = new Count(CountOp.AT_LEAST, 1);

    public Count {
      Objects.requireNonNull(op, "op");
    }
  }

  /**
   * {@code sum of amount >= 50}: the metric of the property over the events, compared with a
   * value. The value must be a number ({@link Literal.Num}); anything else is a validation error.
   */
  record MetricOf(Metric metric, Path path, CompareOp op, Literal value) implements Aggregate {
    public MetricOf {
      Objects.requireNonNull(metric, "metric");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(value, "value");
    }
  }
}
