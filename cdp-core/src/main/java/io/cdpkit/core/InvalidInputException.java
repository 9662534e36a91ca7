package io.cdpkit.core;

import org.jspecify.annotations.Nullable;

/**
 * Input that breaks a rule. Names the {@link #field()}, the offending {@link #value()} (shortened
 * when long) and the {@link #rule()}, so callers never need to parse the message. Whatever call
 * raised it stored nothing.
 */
public class InvalidInputException extends CdpException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_VALUE_CHARS = 80;

  private final String field;
  private final @Nullable String value;
  private final String rule;

  public InvalidInputException(String field, @Nullable Object value, String rule) {
    super(message(field, value, rule));
    this.field = field;
    this.value = value == null ? null : shorten(String.valueOf(value));
    this.rule = rule;
  }

  /** The field that was wrong, as a path such as {@code identifiers[2].value}. */
  public String field() {
    return field;
  }

  /** The value given, shortened to 80 characters; {@code null} when none was given. */
  public @Nullable String value() {
    return value;
  }

  /** The rule the value broke, in words. */
  public String rule() {
    return rule;
  }

  /** Returns a copy whose field is prefixed, for errors found inside a batch item or nested value. */
  public InvalidInputException within(String prefix) {
    InvalidInputException prefixed = new InvalidInputException(prefix + "." + field, value, rule);
    prefixed.setStackTrace(getStackTrace());
    return prefixed;
  }

  private static String message(String field, @Nullable Object value, String rule) {
    String shown = value == null ? "null" : '"' + shorten(String.valueOf(value)) + '"';
    return "Invalid " + field + ": " + shown + " (" + rule + ")";
  }

  private static String shorten(String text) {
    String oneLine = text.replace("\n", "\\n").replace("\r", "\\r");
    return oneLine.length() <= MAX_VALUE_CHARS ? oneLine : oneLine.substring(0, MAX_VALUE_CHARS) + "...";
  }
}
