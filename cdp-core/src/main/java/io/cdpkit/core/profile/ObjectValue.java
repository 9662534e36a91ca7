package io.cdpkit.core.profile;

import io.cdpkit.core.InvalidInputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable object: named fields in insertion order. A profile's attributes and an event's
 * properties are objects. Field names are 1 to {@value #MAX_NAME_LENGTH} characters without
 * control characters.
 */
public record ObjectValue(Map<String, AttributeValue> fields) implements AttributeValue {
  /** The longest field name accepted. */
  public static final int MAX_NAME_LENGTH = 256;
  /** The most fields one object may hold. */
  public static final int MAX_FIELDS = 1_000;

  public static final ObjectValue EMPTY = new ObjectValue(Map.of());

  public ObjectValue {
    if (fields.size() > MAX_FIELDS) {
      throw new InvalidInputException(
          "fields", fields.size(), "an object may hold at most " + MAX_FIELDS + " fields");
    }
    LinkedHashMap<String, AttributeValue> copy = new LinkedHashMap<>();
    for (Map.Entry<String, AttributeValue> field : fields.entrySet()) {
      copy.put(checkName(field.getKey()), java.util.Objects.requireNonNull(field.getValue()));
    }
    fields = Collections.unmodifiableMap(copy);
  }

  /** An object of the given map, converted as {@link AttributeValue#of(Object)} does. */
  public static ObjectValue of(Map<String, ?> fields) {
    return (ObjectValue) AttributeValue.of(fields);
  }

  /** The field's value, if present (JSON null counts as present here). */
  public Optional<AttributeValue> get(String name) {
    return Optional.ofNullable(fields.get(name));
  }

  /** A copy with the field set. */
  public ObjectValue with(String name, AttributeValue value) {
    LinkedHashMap<String, AttributeValue> copy = new LinkedHashMap<>(fields);
    copy.put(name, value);
    return new ObjectValue(copy);
  }

  /** A copy without the field. */
  public ObjectValue without(String name) {
    if (!fields.containsKey(name)) {
      return this;
    }
    LinkedHashMap<String, AttributeValue> copy = new LinkedHashMap<>(fields);
    copy.remove(name);
    return new ObjectValue(copy);
  }

  public boolean isEmpty() {
    return fields.isEmpty();
  }

  /**
   * Checks a field name against the naming rule.
   *
   * @throws InvalidInputException naming the field when it is empty, too long or has a control
   *     character
   */
  public static String checkName(String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidInputException("attribute name", name, "must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new InvalidInputException(
          "attribute name", name, "must be at most " + MAX_NAME_LENGTH + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new InvalidInputException(
            "attribute name", name, "must not contain control characters (at index " + i + ")");
      }
    }
    return name;
  }

  @Override
  public String toString() {
    return toJson();
  }
}
