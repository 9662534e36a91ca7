package io.cdpkit.core.identity;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.internal.Checks;
import java.util.Locale;

/**
 * A way to recognise a person: a type ({@code email}, {@code phone}, {@code user_id}, {@code
 * device_id}, or an open-ended channel such as {@code whatsapp}) and a value, normalised per type
 * on construction so that equal people give equal identifiers:
 *
 * <ul>
 *   <li>{@code email}: trimmed and lower-cased; must hold one {@code @} with text on both sides.
 *   <li>{@code phone}, {@code sms}, {@code whatsapp}: E.164, digits with a leading {@code +}; the
 *       value must be international ({@code +} or {@code 00}, or for {@code whatsapp} the bare
 *       digits a WhatsApp id is), spaces, dashes, dots and parentheses are dropped, 6 to 15 digits,
 *       the country code not starting with 0. A national number ({@code 0812-3456-7890}) is
 *       refused: read it with {@link PhoneNumbers} and a default region first.
 *   <li>every other type: trimmed.
 * </ul>
 *
 * Type names are lower-case letters, digits and underscores; values 1 to 512 characters.
 */
public record Identifier(String type, String value) {
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";
  public static final String USER_ID = "user_id";
  public static final String DEVICE_ID = "device_id";
  public static final String ANONYMOUS_ID = "anonymous_id";
  public static final String WHATSAPP = "whatsapp";
  public static final String SMS = "sms";

  /**
   * @throws InvalidInputException naming the type or value and the rule it breaks
   */
  public Identifier {
    Checks.typeName("identifier type", type);
    value = normalise(type, value);
  }

  public static Identifier of(String type, String value) {
    return new Identifier(type, value);
  }

  public static Identifier email(String value) {
    return new Identifier(EMAIL, value);
  }

  public static Identifier phone(String value) {
    return new Identifier(PHONE, value);
  }

  public static Identifier userId(String value) {
    return new Identifier(USER_ID, value);
  }

  public static Identifier deviceId(String value) {
    return new Identifier(DEVICE_ID, value);
  }

  /** True for the types whose values are phone numbers. */
  public static boolean isPhoneType(String type) {
    return type.equals(PHONE) || type.equals(SMS) || type.equals(WHATSAPP);
  }

  /** {@code type:value}, as the CLI and logs of ids show it. */
  @Override
  public String toString() {
    return type + ":" + value;
  }

  private static String normalise(String type, String raw) {
    if (raw == null) {
      throw new InvalidInputException(type + " identifier", null, "must not be null");
    }
    String value = raw.strip();
    Checks.text(type + " identifier", value, Checks.MAX_IDENTIFIER_LENGTH);
    if (type.equals(EMAIL)) {
      return normaliseEmail(value);
    }
    if (isPhoneType(type)) {
      return normalisePhone(type, value);
    }
    return value;
  }

  private static String normaliseEmail(String value) {
    String email = value.toLowerCase(Locale.ROOT);
    int at = email.indexOf('@');
    if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1) {
      throw new InvalidInputException("email identifier", value, "must be local@domain");
    }
    for (int i = 0; i < email.length(); i++) {
      if (Character.isWhitespace(email.charAt(i))) {
        throw new InvalidInputException("email identifier", value, "must not contain whitespace");
      }
    }
    return email;
  }

  private static String normalisePhone(String type, String value) {
    StringBuilder digits = new StringBuilder(value.length() + 1);
    int start;
    if (value.startsWith("+")) {
      start = 1;
    } else if (value.startsWith("00")) {
      start = 2;
    } else if (type.equals(WHATSAPP) && !value.startsWith("0")) {
      start = 0;
    } else {
      throw new InvalidInputException(type + " identifier", value,
          "must be international (+ or 00 and the country code); read national numbers with a"
              + " default region");
    }
    for (int i = start; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
        throw new InvalidInputException(
            type + " identifier", value, "must hold only digits, spaces, - . ( ) and a leading +");
      }
    }
    if (digits.length() < 6 || digits.length() > 15) {
      throw new InvalidInputException(
          type + " identifier", value, "must have 6 to 15 digits, had " + digits.length());
    }
    if (digits.charAt(0) == '0') {
      throw new InvalidInputException(
          type + " identifier", value, "must not have a country code starting with 0");
    }
    return "+" + digits;
  }
}
