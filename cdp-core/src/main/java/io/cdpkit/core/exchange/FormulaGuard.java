package io.cdpkit.core.exchange;

/**
 * Keeps spreadsheets from running CSV cells as formulas: a cell that starts with {@code =}, {@code
 * +}, {@code -} or {@code @} (after any quotes {@code '}) gets one more leading {@code '} on
 * export, which spreadsheets show as text, and loses one on import, so exported files import back
 * to the same values.
 */
final class FormulaGuard {
  private FormulaGuard() {}

  /** The cell as written to a CSV file. */
  static String neutralise(String cell) {
    return startsFormula(cell, 0) ? "'" + cell : cell;
  }

  /** The cell as read from a CSV file. */
  static String restore(String cell) {
    return cell.startsWith("'") && startsFormula(cell, 1) ? cell.substring(1) : cell;
  }

  private static boolean startsFormula(String cell, int from) {
    int i = from;
    while (i < cell.length() && cell.charAt(i) == '\'') {
      i++;
    }
    if (i >= cell.length()) {
      return false;
    }
    char c = cell.charAt(i);
    return c == '=' || c == '+' || c == '-' || c == '@';
  }
}
