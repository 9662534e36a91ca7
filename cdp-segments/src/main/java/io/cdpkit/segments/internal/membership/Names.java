package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.InvalidInputException;

/** The rule for segment and group names. */
final class Names {
  private static final int MAX_NAME = 256;

  private Names() {}

  /**
   * Checks a segment or group name: not blank, at most 256 characters, no control characters.
   *
   * @throws InvalidInputException naming {@code field} when the name breaks the rule
   */
  static void check(String field, String name) {
    if (name == null || name.isBlank()) {
      throw new InvalidInputException(field, name, "must not be blank");
    }
    if (name.length() > MAX_NAME) {
      throw new InvalidInputException(field, name, "must be at most " + MAX_NAME + " characters");
    }
    for (int i = 0; i < name.length(); i++) {
      if (Character.isISOControl(name.charAt(i))) {
        throw new InvalidInputException(field, name, "must not contain control characters");
      }
    }
  }
}
