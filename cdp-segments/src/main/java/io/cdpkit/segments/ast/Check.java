package io.cdpkit.segments.ast;

import java.util.Objects;

/**
 * The test a {@link PathCheck} applies to a value: a comparison, a text test, list membership, a
 * range, emptiness or a time window. Immutable and thread-safe.
 */
public sealed interface Check {

  /** {@code = v}, {@code != v}, {@code < v}, {@code <= v}, {@code > v}, {@code >= v}. */
  record Compare(CompareOp op, Literal value) implements Check {
    /**
     * @throws IllegalArgumentException for a list value (lists go with {@code in})
     */
    public Compare {
      Objects.requireNonNull(op, "op");
      requireScalar(value);
    }
  }

  /** {@code contains v} or {@code not contains v}: substring or list element, ignoring case. */
  record Contains(boolean negated, Literal value) implements Check {
    /**
     * @throws IllegalArgumentException for a list value
     */
    public Contains {
      requireScalar(value);
    }
  }

  /** {@code starts with "p"}, ignoring case. */
  record StartsWith(String prefix) implements Check {
    public StartsWith {
      Objects.requireNonNull(prefix, "prefix");
    }
  }

  /** {@code ends with "s"}, ignoring case. */
  record EndsWith(String suffix) implements Check {
    public EndsWith {
      Objects.requireNonNull(suffix, "suffix");
    }
  }

  /** {@code matches "regex"}: a Java regular expression found anywhere in the value. */
  record Matches(String pattern) implements Check {
    public Matches {
      Objects.requireNonNull(pattern, "pattern");
    }
  }

  /** {@code in [..]} or {@code not in [..]}: equal to one of the items. */
  record InList(boolean negated, Literal.ListOf values) implements Check {
    public InList {
      Objects.requireNonNull(values, "values");
    }
  }

  /** {@code between low and high}, inclusive at both ends. */
  record Between(Literal low, Literal high) implements Check {
    /**
     * @throws IllegalArgumentException for a list bound
     */
    public Between {
      requireScalar(low);
      requireScalar(high);
    }
  }

  /** {@code is empty} or {@code is not empty}. */
  record IsEmpty(boolean negated) implements Check {}

  /** A time window: {@code in the last 7 days}, {@code on 2024-05-01}, ... */
  record InWindow(Window window) implements Check {
    public InWindow {
      Objects.requireNonNull(window, "window");
    }
  }

  private static void requireScalar(Literal value) {
    Objects.requireNonNull(value, "value");
    if (value instanceof Literal.ListOf) {
      throw new IllegalArgumentException("a list literal only goes with in / not in: " + value);
    }
  }
}
