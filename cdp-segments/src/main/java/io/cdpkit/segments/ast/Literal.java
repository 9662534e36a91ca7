package io.cdpkit.segments.ast;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A constant in an expression: text, number, boolean, date, date-time, or a list of those.
 * Immutable and thread-safe; numbers compare by value ({@code 30} equals {@code 30.0}).
 */
public sealed interface Literal {

  /** Converts a Java value: {@code String}, {@code Number}, {@code Boolean}, {@code LocalDate}, {@code OffsetDateTime} or a literal. */
  static Literal of(Object value) {
    Objects.requireNonNull(value, "value");
    if (value instanceof Literal literal) {
      return literal;
    }
    if (value instanceof String text) {
      return new Text(text);
    }
    if (value instanceof Boolean bool) {
      return new Bool(bool);
    }
    if (value instanceof BigDecimal decimal) {
      return new Num(decimal);
    }
    if (value instanceof Double || value instanceof Float) {
      return new Num(BigDecimal.valueOf(((java.lang.Number) value).doubleValue()));
    }
    if (value instanceof java.lang.Number number) {
      return new Num(new BigDecimal(number.toString()));
    }
    if (value instanceof LocalDate date) {
      return new Date(date);
    }
    if (value instanceof OffsetDateTime dateTime) {
      return new DateTime(dateTime);
    }
    throw new IllegalArgumentException(
        "a literal is text, a number, a boolean, a LocalDate or an OffsetDateTime, not "
            + value.getClass().getName());
  }

  /** A string: {@code "gold"}. */
  record Text(String value) implements Literal {
    public Text {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A number, kept without trailing zeros so that {@code 30} and {@code 30.0} are equal. */
  record Num(BigDecimal value) implements Literal {
    public Num {
      Objects.requireNonNull(value, "value");
      value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }
  }

  /** {@code true} or {@code false}. */
  record Bool(boolean value) implements Literal {}

  /** A calendar date, {@code 2024-05-01}: the whole day in the evaluation's zone. */
  record Date(LocalDate value) implements Literal {
    public Date {
      Objects.requireNonNull(value, "value");
    }
  }

  /** An instant with its written offset, {@code 2024-05-01T10:00:00Z}. */
  record DateTime(OffsetDateTime value) implements Literal {
    public DateTime {
      Objects.requireNonNull(value, "value");
    }
  }

  /** A list of scalar literals, {@code ["gold", "silver"]}; lists do not nest. */
  record ListOf(java.util.List<Literal> items) implements Literal {
    /**
     * @throws IllegalArgumentException when an item is itself a list
     */
    public ListOf {
      items = java.util.List.copyOf(items);
      for (Literal item : items) {
        if (item instanceof ListOf) {
          throw new IllegalArgumentException("lists do not nest: " + items);
        }
      }
    }
  }
}
