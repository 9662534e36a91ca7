package io.cdpkit.core.spi;

/**
 * Code-point order of strings: the order of their UTF-8 bytes, which is SQLite's default text
 * order and the segment language's. {@link String#compareTo} compares UTF-16 units instead and
 * disagrees for characters outside the Basic Multilingual Plane.
 */
public final class CodePoints {
  private CodePoints() {}

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
