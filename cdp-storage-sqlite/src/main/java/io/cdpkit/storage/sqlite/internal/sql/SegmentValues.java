package io.cdpkit.storage.sqlite.internal.sql;

import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.ObjectValue;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The evaluator's reading of paths and comparisons (cdp-segments' README, "Values"), for the parts
 * of a query Java computes outside the evaluator: metrics over event properties.
 */
final class SegmentValues {
  /** The attribute name a check's value is given under when the evaluator runs it. */
  static final String VALUE = "v";

  private SegmentValues() {}

  /**
   * Follows {@code parts} from {@code value}: through a list of objects it collects each element's
   * value into one list, flattening lists found on the way and skipping JSON nulls; nothing
   * found (or nothing collected) is null. With no parts, the value itself unless it is JSON null.
   */
  static @Nullable AttributeValue resolve(AttributeValue value, List<String> parts) {
    return resolve(value, parts, 0);
  }

  private static @Nullable AttributeValue resolve(AttributeValue value, List<String> parts, int from) {
    AttributeValue current = present(value);
    if (current == null) {
      return null;
    }
    for (int i = from; i < parts.size(); i++) {
      if (current instanceof ObjectValue object) {
        current = present(object.fields().get(parts.get(i)));
        if (current == null) {
          return null;
        }
      } else if (current instanceof ListValue list) {
        return collect(list, parts, i);
      } else {
        return null;
      }
    }
    return current;
  }

  private static @Nullable AttributeValue collect(ListValue list, List<String> parts, int from) {
    List<AttributeValue> collected = new ArrayList<>();
    for (AttributeValue item : list.items()) {
      AttributeValue found = resolveItem(item, parts, from);
      if (found instanceof ListValue inner) {
        for (AttributeValue element : inner.items()) {
          if (!element.isNull()) {
            collected.add(element);
          }
        }
      } else if (found != null) {
        collected.add(found);
      }
    }
    return collected.isEmpty() ? null : new ListValue(collected);
  }

  /** As the evaluator: a list element is followed as it is (a JSON null element yields null). */
  private static @Nullable AttributeValue resolveItem(AttributeValue item, List<String> parts, int from) {
    AttributeValue current = item;
    for (int i = from; i < parts.size(); i++) {
      if (current instanceof ObjectValue object) {
        current = present(object.fields().get(parts.get(i)));
        if (current == null) {
          return null;
        }
      } else if (current instanceof ListValue list) {
        return collect(list, parts, i);
      } else {
        return null;
      }
    }
    return current;
  }

  private static @Nullable AttributeValue present(@Nullable AttributeValue value) {
    return value == null || value.isNull() ? null : value;
  }

}
