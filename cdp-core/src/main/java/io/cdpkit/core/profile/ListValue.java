package io.cdpkit.core.profile;

import java.util.List;

/** An immutable list of values. */
public record ListValue(List<AttributeValue> items) implements AttributeValue {
  public static final ListValue EMPTY = new ListValue(List.of());

  public ListValue {
    items = List.copyOf(items);
  }

  /** A list of the given values, converted as {@link AttributeValue#of(Object)} does. */
  public static ListValue of(Object... values) {
    return (ListValue) AttributeValue.of(List.of(values));
  }

  @Override
  public String toString() {
    return toJson();
  }
}
