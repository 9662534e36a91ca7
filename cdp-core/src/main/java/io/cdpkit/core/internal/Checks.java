package io.cdpkit.core.internal;

import io.cdpkit.core.InvalidInputException;
import java.time.Instant;

/** Argument rules shared by the model's constructors, each raising {@link InvalidInputException}. */
public final class Checks {
  public static final int MAX_ID_LENGTH = 256;
  public static final int MAX_IDENTIFIER_LENGTH = 512;
  public static final int MAX_TYPE_LENGTH = 64;
  /** Event names from tracking clients run long ("Checkout Step 3 Payment Method Selected ..."). */
  public static final int MAX_EVENT_TYPE_LENGTH = 200;
  /** Timestamps before this are refused as implausible. */
  public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
  /** Timestamps from this on are refused as implausible. */
  public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

  private Checks() {}

  /** A non-blank text of at most {@code max} characters without control characters. */
  public static String text(String field, String value, int max) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, value, "must not be blank");
    }
    if (value.length() > max) {
      throw new InvalidInputException(field, value, "must be at most " + max + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidInputException(
            field, value, "must not contain control characters (at index " + i + ")");
      }
    }
    return value;
  }

  /** An id: non-blank, at most 256 characters, no control characters, no surrounding spaces. */
  public static String id(String field, String value) {
    text(field, value, MAX_ID_LENGTH);
    if (!value.strip().equals(value)) {
      throw new InvalidInputException(field, value, "must not start or end with whitespace");
    }
    return value;
  }

  /** An event type: like an id, at most {@value #MAX_EVENT_TYPE_LENGTH} characters. */
  public static String eventType(String field, String value) {
    id(field, value);
    if (value.length() > MAX_EVENT_TYPE_LENGTH) {
      throw new InvalidInputException(
          field, value, "must be at most " + MAX_EVENT_TYPE_LENGTH + " characters");
    }
    return value;
  }

  /** A type name: 1 to 64 of lower-case letters, digits and underscore, starting with a letter. */
  public static String typeName(String field, String value) {
    if (value == null || value.isEmpty() || value.length() > MAX_TYPE_LENGTH) {
      throw new InvalidInputException(field, value, "must be 1 to " + MAX_TYPE_LENGTH + " characters");
    }
    if (value.charAt(0) < 'a' || value.charAt(0) > 'z') {
      throw new InvalidInputException(field, value, "must start with a lower-case letter a-z");
    }
    for (int i = 1; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
        throw new InvalidInputException(
            field, value, "may hold only a-z, 0-9 and _ (found '" + c + "' at index " + i + ")");
      }
    }
    return value;
  }

  /** An instant in [1900-01-01, 2200-01-01). */
  public static Instant instant(String field, Instant value) {
    if (value == null) {
      throw new InvalidInputException(field, null, "must not be null");
    }
    if (value.isBefore(EARLIEST) || !value.isBefore(LATEST)) {
      throw new InvalidInputException(
          field, value, "must be from " + EARLIEST + " and before " + LATEST);
    }
    return value;
  }

  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw new InvalidInputException(field, value, "must be from " + min + " to " + max);
    }
    return value;
  }
}
