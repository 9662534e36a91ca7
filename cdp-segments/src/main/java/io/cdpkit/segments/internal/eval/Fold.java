package io.cdpkit.segments.internal.eval;

import java.util.Locale;

/**
 * Case folding for {@code contains}, {@code starts with} and {@code ends with}. Java has no full
 * Unicode case folding; upper-casing then lower-casing in the root locale folds the cases that
 * matter ({@code ß} and {@code SS}, final sigma, Kelvin sign), and plain ASCII takes a fast path.
 */
final class Fold {
  private Fold() {}

  static String fold(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
      }
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
