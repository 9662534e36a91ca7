package io.cdpkit.workflows.spi;

import io.cdpkit.core.InvalidInputException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** Argument checks shared by the request records. */
final class RequestChecks {
  private RequestChecks() {}

  /** Text that may go into a header: no CR, LF or other control character but tab. */
  static String headerSafe(String field, String value) {
    Objects.requireNonNull(value, field);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7F) {
        throw new InvalidInputException(
            field,
            value,
            "must not contain control characters such as CR or LF (at index " + i + ")");
      }
    }
    return value;
  }

  static String notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, value, "must not be blank");
    }
    return value;
  }

  /**
   * Copies headers in order after checking names (RFC 9110 tokens, unique ignoring case, none of
   * {@code reserved}) and values (header-safe).
   */
  static Map<String, String> headers(
      Map<String, String> headers, Set<String> reserved, String why) {
    Objects.requireNonNull(headers, "headers");
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey();
      if (name == null || name.isEmpty() || !isToken(name)) {
        throw new InvalidInputException(
            "header name", name, "must be a token of letters, digits and !#$%&'*+-.^_`|~");
      }
      String lower = name.toLowerCase(Locale.ROOT);
      if (reserved.contains(lower)) {
        throw new InvalidInputException("header name", name, why);
      }
      if (!seen.add(lower)) {
        throw new InvalidInputException("header name", name, "appears twice (ignoring case)");
      }
      copy.put(name, headerSafe("header " + name, header.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static boolean isToken(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
