package io.cdpkit.core.profile;

import io.cdpkit.core.InvalidInputException;
import java.util.Objects;

/** A text value, at most {@value #MAX_LENGTH} characters. */
public record TextValue(String value) implements AttributeValue {
  /** The longest text accepted, in UTF-16 characters. */
  public static final int MAX_LENGTH = 65_536;

  public TextValue {
    Objects.requireNonNull(value, "value");
    if (value.length() > MAX_LENGTH) {
      throw new InvalidInputException(
          "text", value, "must be at most " + MAX_LENGTH + " characters, was " + value.length());
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
