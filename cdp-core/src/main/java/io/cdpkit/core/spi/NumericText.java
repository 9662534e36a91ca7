package io.cdpkit.core.spi;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * The one rule for numbers written as text, shared by segment comparisons and profile sorting in
 * every store: a text that reads fully as a number (optional sign, digits with an optional
 * fraction, an optional exponent of at most four digits, no spaces: {@code 30}, {@code -2},
 * {@code 19.95}, {@code .5}, {@code 1e3}) stands for that number.
 */
public final class NumericText {
  /**
   * The same rule as a POSIX regular expression, for SQL stores that test it in the database
   * (written without {@code ?}, which JDBC drivers may take for a parameter).
   */
  public static final String PATTERN =
      "^[+-]{0,1}([0-9]+[.]{0,1}[0-9]*|[.][0-9]+)([eE][+-]{0,1}[0-9]{1,4}){0,1}$";

  private NumericText() {}

  /** The number the whole text reads as; null when it does not. */
  public static @Nullable BigDecimal parse(String text) {
    int n = text.length();
    int i = 0;
    if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      i++;
    }
    int digits = 0;
    while (i < n && isDigit(text.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return null;
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0 || exponentDigits > 4) {
        return null;
      }
    }
    if (i != n) {
      return null;
    }
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
