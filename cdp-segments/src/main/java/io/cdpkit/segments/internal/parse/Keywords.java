package io.cdpkit.segments.internal.parse;

import java.util.Locale;
import java.util.Set;

/**
 * The words of the language. Keywords are contextual: a word is a keyword only where the grammar can
 * use it there, so an attribute may be called {@code group}, {@code time} or {@code last}. Only the
 * words that can begin a condition ({@link #CONDITION_STARTS}) need back-quotes, and only as the
 * first part of a path.
 */
public final class Keywords {
  /** Words that begin a condition: as the first part of a path they must be back-quoted. */
  public static final Set<String> CONDITION_STARTS =
      Set.of("not", "event", "any", "in", "consent", "reachable", "everyone");

  /** Every word the grammar uses, in lower case. */
  public static final Set<String> ALL =
      Set.of(
          "or", "and", "not", "event", "any", "where", "in", "segment", "group", "consent",
          "granted", "denied", "unknown", "reachable", "via", "everyone", "contains", "starts",
          "ends", "with", "matches", "between", "is", "empty", "at", "least", "most", "exactly",
          "time", "times", "sum", "avg", "min", "max", "of", "anytime", "on", "before", "after",
          "the", "last", "past", "next", "more", "than", "ago", "true", "false", "minute",
          "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year",
          "years");

  private Keywords() {}

  /** True when the grammar uses the word somewhere, in any case. */
  public static boolean isKeyword(String word) {
    return ALL.contains(word.toLowerCase(Locale.ROOT));
  }

  /** True when the word, in any case, begins a condition, so a path starting with it is back-quoted. */
  public static boolean startsCondition(String word) {
    return CONDITION_STARTS.contains(word.toLowerCase(Locale.ROOT));
  }

  /** True for a character that may start a bare word. */
  public static boolean isWordStart(int c) {
    return c == '_' || Character.isLetter(c);
  }

  /** True for a character that may continue a bare word. */
  public static boolean isWordPart(int c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  /** True when the text can be written as a bare word (it may still be a keyword). */
  public static boolean isBareWord(String text) {
    if (text.isEmpty() || !isWordStart(text.codePointAt(0))) {
      return false;
    }
    return text.codePoints().allMatch(Keywords::isWordPart);
  }
}
