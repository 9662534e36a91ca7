package io.cdpkit.predictions.model;

/** The hypergeometric series the BG/NBD expectations need. */
final class Hypergeometric {
  private static final int MAX_TERMS = 10_000_000;
  private static final int MAX_2F1_TERMS = 1_000_000;
  private static final double TOLERANCE = 1e-16;

  private Hypergeometric() {}

  /**
   * {@code 3F2(a1, a2, a3; b1, b2; z)} for {@code 0 <= z < 1} and positive lower parameters, by its
   * power series. Upper parameters may be negative: the sum stops only once every later term has
   * the same sign and shrinks, and the geometric bound on the rest is under the tolerance, so a
   * term that is small only because {@code a1 + k} is near zero does not end it early.
   *
   * @throws ArithmeticException when the series has not converged within ten million terms (a
   *     {@code z} within about {@code 1e-6} of 1; {@link BgNbd} integrates instead beyond {@code
   *     1 - z < 1e-3})
   */
  static double f32(double a1, double a2, double a3, double b1, double b2, double z) {
    if (!(z >= 0 && z < 1) || !(b1 > 0) || !(b2 > 0)) {
      throw new IllegalArgumentException(
          "3F2 needs 0 <= z < 1 and positive lower parameters, was z=" + z + ", b1=" + b1 + ", b2=" + b2);
    }
    double lowest = Math.min(a1, Math.min(a2, a3));
    double term = 1;
    double sum = 1;
    for (int k = 0; k < MAX_TERMS; k++) {
      double ratio = (a1 + k) * (a2 + k) * (a3 + k) / ((b1 + k) * (b2 + k) * (k + 1)) * z;
      term *= ratio;
      sum += term;
      if (term == 0) {
        return sum;
      }
      double bound = Math.max(Math.abs(ratio), z);
      if (lowest + k >= 0 && bound < 1 && Math.abs(term) * bound / (1 - bound) <= TOLERANCE * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException(
        "3F2(" + a1 + ", " + a2 + ", " + a3 + "; " + b1 + ", " + b2 + "; " + z + ") did not converge");
  }

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
    for (int k = 0; k < MAX_2F1_TERMS; k++) {
      term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
      sum += term;
      if (Math.abs(term) <= 1e-15 * Math.abs(sum)) {
        return sum;
      }
    }
    throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
  }
}
