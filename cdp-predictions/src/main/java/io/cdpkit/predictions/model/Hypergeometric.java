package io.cdpkit.predictions.model;

/** The Gauss hypergeometric function, which the BG/NBD conditional expectation needs. */
final class Hypergeometric {
  private static final int MAX_TERMS = 1_000_000;
  private static final double TOLERANCE = 1e-15;

  private Hypergeometric() {}

  /**
   * {@code 2F1(a, b; c; z)} by its power series, for {@code 0 <= z < 1} and {@code c > 0}.
   *
   * @throws ArithmeticException when the series has not converged after a million terms (z
   *     within about 1e-5 of 1)
   */
  static double gauss2F1(double a, double b, double c, double z) {
    if (!(z >= 0 && z < 1) || !(c > 0)) {
      throw new IllegalArgumentException("2F1 needs 0 <= z < 1 and c > 0, was z=" + z + ", c=" + c);
    }
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
