package io.cdpkit.core.profile;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.spi.AttributeJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON-like value: text, number, boolean, list, object, or JSON null. Profile
 * attributes and event properties are trees of these. Values are thread-safe and compare by
 * content ({@code 30} equals {@code 30.0}).
 */
public sealed interface AttributeValue
    permits TextValue, NumberValue, BooleanValue, ListValue, ObjectValue, NullValue {

  /**
   * Converts a plain Java value: {@code String}, any {@code Number}, {@code Boolean}, {@code
   * Instant} and {@code LocalDate} (as ISO-8601 text), a {@code Collection} or array-free {@code
   * Map<String, ?>} of those, an {@code AttributeValue}, or {@code null} (JSON null).
   *
   * @throws InvalidInputException for a non-finite number, an unsupported type or a bad key
   */
  static AttributeValue of(Object value) {
    if (value == null) {
      return NullValue.INSTANCE;
    }
    if (value instanceof AttributeValue attribute) {
      return attribute;
    }
    if (value instanceof String text) {
      return new TextValue(text);
    }
    if (value instanceof Boolean bool) {
      return BooleanValue.of(bool);
    }
    if (value instanceof BigDecimal decimal) {
      return new NumberValue(decimal);
    }
    if (value instanceof BigInteger integer) {
      return new NumberValue(new BigDecimal(integer));
    }
    if (value instanceof Double || value instanceof Float) {
      return NumberValue.of(((Number) value).doubleValue());
    }
    if (value instanceof Number number) {
      return NumberValue.of(number.longValue());
    }
    if (value instanceof Instant || value instanceof LocalDate) {
      return new TextValue(value.toString());
    }
    if (value instanceof Collection<?> collection) {
      List<AttributeValue> items = new ArrayList<>(collection.size());
      for (Object item : collection) {
        items.add(of(item));
      }
      return new ListValue(items);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, AttributeValue> fields = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new InvalidInputException("key", entry.getKey(), "object keys must be strings");
        }
        fields.put(key, of(entry.getValue()));
      }
      return new ObjectValue(fields);
    }
    throw new InvalidInputException(
        "value", value.getClass().getName(), "must be text, number, boolean, list, map or null");
  }

  /**
   * Parses JSON text into a value.
   *
   * @throws InvalidInputException when the text is not valid JSON or breaks a value rule
   */
  static AttributeValue parseJson(String json) {
    return AttributeJson.parse(json);
  }

  /** This value as compact JSON text. */
  default String toJson() {
    return AttributeJson.write(this);
  }

  /** True for JSON null. */
  default boolean isNull() {
    return this instanceof NullValue;
  }
}
