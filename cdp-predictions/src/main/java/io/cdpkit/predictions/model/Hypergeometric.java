package io.cdpkit.predictions.model;

/** The Gauss hypergeometric function, which the BG/NBD expectations need. */
final class Hypergeometric {
  private static final int MAX_TERMS = 1_000_000;
  private static final double TOLERANCE = 1e-15;

  private Hypergeometric() {}

  /**
   * {@code 2F1(a, b; c; z)} for {@code 0 <= z < 1} and {@code c > 0}, by its power series or, when
   * that one's terms decay more slowly, by the series of Euler's transformation {@code (1 -
   * z)^(c - a - b) 2F1(c - a, c - b; c; z)}. The BG/NBD's arguments make the plain series' terms
   * grow like {@code k^(x + r - a) z^k} for a customer with {@code x} repeat orders, so near
   * {@code z = 1} (a horizon long against the customer's age) only the transformed one converges
   * in reasonable time.
   *
   * @throws ArithmeticException when neither series converges within a million terms
   */
  static double gauss2F1(double a, double b, double c, double z) {
    if (!(z >= 0 && z < 1) || !(c > 0)) {
      throw new IllegalArgumentException("2F1 needs 0 <= z < 1 and c > 0, was z=" + z + ", c=" + c);
    }
    if (c - a - b > 0 || z < 0.5) {
      return series(a, b, c, z);
    }
    return Math.exp((c - a - b) * Math.log1p(-z)) * series(c - a, c - b, c, z);
  }

  private static double series(double a, double b, double c, double z) {
    double term = 1;
    double sum = 1;
    for (int k = 0; k < MAX_TERMS; k++) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      sum += term;
      if (Math.abs(term) <= TOLERANCE * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
  }
}
