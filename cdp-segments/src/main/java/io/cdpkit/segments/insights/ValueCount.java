package io.cdpkit.segments.insights;

import java.util.Objects;

/**
 * How often a property value occurred.
 *
 * @param value the value as JSON text ({@code "EUR"}, {@code 30})
 */
public record ValueCount(String value, long count) {
  public ValueCount {
    Objects.requireNonNull(value, "value");
  }
}
