package io.cdpkit.predictions.model;

import java.util.function.DoubleUnaryOperator;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.special.Gamma;

/**
 * {@code E[(1 - (1 + p u)^-shape) / p]} for {@code p ~ Beta(a, b)}: the BG/NBD orders in a horizon
 * {@code u} times the customer's rate scale, of a customer alive now, integrated numerically. For
 * horizons so long against the scale that the hypergeometric series of the closed form, whose
 * argument {@code z = u / (1 + u)} is then near 1, converge too slowly (they need about {@code
 * 40 / (1 - z)} terms). The Beta density's ends are integrable singularities, so each half of
 * {@code [0, 1]} is integrated in {@code y = p^a} (or {@code (1 - p)^b}), where they vanish, on
 * panels shrinking geometrically towards the end. Below {@code p = 1e-6 / u} the integrand is
 * {@code shape u (1 - (shape + 1) p u / 2)} to within {@code 1e-12} and is integrated exactly.
 */
final class LivingExpectationIntegral {
  private static final GaussIntegrator GAUSS = new GaussIntegratorFactory().legendre(16, 0, 1);
  /** Panels shrink by 2^(1/8) towards the end. */
  private static final double SHRINK = Math.pow(2, -1.0 / 8);
  /** Where the small-p expansion takes over, times 1/u. */
  private static final double EXPANDED = 1e-6;
  /** Where the upper half's panels end in one panel reaching {@code p = 1}. */
  private static final double UPPER_END = 0x1p-60;

  private LivingExpectationIntegral() {}

  /**
   * The expectation for {@code u = t / scale}.
   *
   * @throws IllegalArgumentException when {@code u} is not finite and positive
   */
  static double of(double shape, double u, double a, double b) {
    if (!(u > 0) || Double.isInfinite(u)) {
      throw new IllegalArgumentException("the horizon ratio u must be finite and positive, was " + u);
    }
    DoubleUnaryOperator perOrder = p -> p * u < 1e-300
        ? shape * u
        : -Math.expm1(-shape * Math.log1p(p * u)) / p;
    double expandedBelow = Math.min(0.5, EXPANDED / u);
    double low = graded(a, expandedBelow, false, q -> Math.pow(1 - q, b - 1) * perOrder.applyAsDouble(q)) / a
        + smallP(shape, u, a, b, expandedBelow);
    double high = graded(b, UPPER_END, true, q -> Math.pow(1 - q, a - 1) * perOrder.applyAsDouble(1 - q)) / b;
    double logBeta = Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b);
    return (low + high) * Math.exp(-logBeta);
  }

  /**
   * {@code ∫ shape u (1 - (shape + 1) p u / 2) (1 - (b - 1) p) p^(a - 1) dp} over {@code [0, P]}:
   * the integrand's expansion to first order in {@code p}, enough where {@code p u <= 1e-6}.
   */
  private static double smallP(double shape, double u, double a, double b, double end) {
    double slope = (shape + 1) * u / 2 + (b - 1);
    return shape * u * (Math.pow(end, a) / a - slope * Math.pow(end, a + 1) / (a + 1));
  }

  /**
   * {@code ∫ f(q) d(q^power)} over q in [end, 1/2] (in [0, 1/2] when {@code toZero}: f is smooth
   * near 0, and one last panel takes [0, end]), integrated in y = q^power.
   */
  private static double graded(double power, double end, boolean toZero, DoubleUnaryOperator f) {
    double sum = 0;
    double upper = 0.5;
    while (upper > 0 && (toZero || upper > end)) {
      double lower = upper <= end ? 0 : Math.max(upper * SHRINK, end);
      double from = Math.pow(lower, power);
      double width = Math.pow(upper, power) - from;
      sum += width * GAUSS.integrate(y -> f.applyAsDouble(Math.pow(from + width * y, 1 / power)));
      upper = lower;
    }
    return sum;
  }
}
