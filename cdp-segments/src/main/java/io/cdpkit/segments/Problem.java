package io.cdpkit.segments;

import java.util.Objects;

/**
 * One problem found in a segment expression: where it is, what kind it is, what was expected and
 * what was found. Immutable and thread-safe.
 *
 * <p>Syntax problems always carry a position. Validation problems carry the position of the
 * offending part when the expression was parsed from text; for an expression built in code
 * {@link #line()} and {@link #column()} are 0.
 *
 * @param kind what rule was broken
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column in characters (UTF-16 units), or 0 when unknown
 * @param expected what the language expected there, in words
 * @param found what was there instead, in words
 */
public record Problem(Kind kind, int line, int column, String expected, String found) {

  /** The rule a problem breaks. */
  public enum Kind {
    /** The text does not follow the grammar. */
    SYNTAX,
    /** {@code in segment "S"} names a segment the store does not know. */
    UNKNOWN_SEGMENT,
    /** {@code in group "G"} names a group the store does not know. */
    UNKNOWN_GROUP,
    /** A segment refers to itself, directly or through others. */
    SEGMENT_CYCLE,
    /** A {@code matches} pattern is not a valid RE2 regular expression (Java syntax without backreferences, lookaround or possessive quantifiers). */
    INVALID_REGEX,
    /** A {@code between} whose lower bound is above its upper bound. */
    INVERTED_BETWEEN,
    /** A negative count or window amount. */
    NEGATIVE_COUNT,
    /** {@code sum}, {@code avg}, {@code min} or {@code max} compared with something not a number. */
    NON_NUMERIC_AGGREGATE,
    /** {@code $computed.NAME} names no computed attribute. */
    UNKNOWN_COMPUTED,
    /**
     * A condition where it means nothing: a profile condition ({@code event}, {@code in segment},
     * {@code consent}, ...) or a system field inside a {@code where} filter, or an event field
     * outside one.
     */
    MISPLACED_CONDITION
  }

  public Problem {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(found, "found");
  }

  /** True when the problem has a line and column. */
  public boolean hasPosition() {
    return line > 0;
  }

  /** The problem in one line, with its position when known. */
  public String message() {
    String where = hasPosition() ? "line " + line + ", column " + column + ": " : "";
    return where + "expected " + expected + ", found " + found;
  }

  @Override
  public String toString() {
    return kind + " " + message();
  }
}
