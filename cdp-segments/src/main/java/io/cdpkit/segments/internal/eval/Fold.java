package io.cdpkit.segments.internal.eval;

import java.util.Locale;

/**
 * Case folding for {@code contains}, {@code starts with} and {@code ends with}: one rule for the
 * evaluator and the SQL stores, whose functions run the evaluator's predicates. Java has no full
 * Unicode case folding; lower, then upper, then lower casing in the root locale folds as full
 * folding does where it matters: {@code ß}, {@code ẞ} and {@code SS} alike, ligatures ({@code ﬁ}
 * as {@code fi}), the Kelvin sign, dotted {@code İ} as {@code i̇}; final sigma {@code ς} is then
 * folded to {@code σ}. The one known difference: dotless {@code ı} folds to {@code i} (full
 * folding keeps it apart). Plain ASCII takes a fast path.
 */
final class Fold {
  private Fold() {}

  /** The folded form of {@code text}. */
  static String fold(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return text.toLowerCase(Locale.ROOT).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT)
            .replace('ς', 'σ');
      }
    }
    return text.toLowerCase(Locale.ROOT);
  }
}
