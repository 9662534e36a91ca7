package io.cdpkit.segments.ast;

import java.util.Locale;

/** A unit of time in a window: {@code minute(s)}, {@code hour(s)}, ..., {@code year(s)}. */
public enum CalendarUnit {
  MINUTE,
  HOUR,
  DAY,
  WEEK,
  MONTH,
  YEAR;

  /** The unit's name as written for an amount: {@code day} for 1, {@code days} otherwise. */
  public String word(long amount) {
    String singular = name().toLowerCase(Locale.ROOT);
    return amount == 1 ? singular : singular + "s";
  }

  /** The unit a word names, singular or plural, any case; {@code null} when it names none. */
  public static @org.jspecify.annotations.Nullable CalendarUnit fromWord(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    for (CalendarUnit unit : values()) {
      String singular = unit.name().toLowerCase(Locale.ROOT);
      if (lower.equals(singular) || lower.equals(singular + "s")) {
        return unit;
      }
    }
    return null;
  }
}
