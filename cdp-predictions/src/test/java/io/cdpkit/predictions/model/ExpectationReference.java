package io.cdpkit.predictions.model;

import java.util.function.DoubleUnaryOperator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.special.Gamma;

/**
 * BG/NBD expected purchases by direct numeric integration of their definition, for checking the
 * closed form: {@code P(alive) E[(1 - (A / (A + p t))^R) / p]} over {@code p ~ Beta(a, B)}, with
 * {@code R = r + x}, {@code A = alpha + T}, {@code B = b + x}. The Beta density's ends are
 * integrable singularities, so each half is integrated in {@code y = p^a} (or {@code (1 - p)^B})
 * where they vanish, on panels shrinking geometrically towards the end, 20 Gauss-Legendre points
 * each.
 */
final class ExpectationReference {
  private static final GaussIntegratorFactory GAUSS = new GaussIntegratorFactory();
  /** Panels shrink by 2^(1/8) towards the end, down to 2^-91. */
  private static final int PANELS = 720;
  private static final double SHRINK = Math.pow(2, -1.0 / 8);

  private ExpectationReference() {}

  static double conditionalExpectedPurchases(BgNbd model, double t, PurchaseSummary history) {
    int x = history.frequency();
    double shape = model.r() + x;
    double scale = model.alpha() + history.age();
    double a = model.a();
    double b = model.b() + x;
    DoubleUnaryOperator perOrder = p -> p == 0
        ? shape * t / scale
        : -Math.expm1(-shape * Math.log1p(p * t / scale)) / p;
    double low = graded(a, q -> Math.pow(1 - q, b - 1) * perOrder.applyAsDouble(q)) / a;
    double high = graded(b, q -> Math.pow(1 - q, a - 1) * perOrder.applyAsDouble(1 - q)) / b;
    double beta = Math.exp(Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b));
    return (low + high) / beta * model.probabilityAlive(history);
  }

  /** {@code ∫ f(q) d(q^power)} over q in [0, 1/2], integrated in y = q^power. */
  private static double graded(double power, DoubleUnaryOperator f) {
    double sum = 0;
    double upper = 0.5;
    for (int panel = 0; panel <= PANELS; panel++) {
      double lower = panel == PANELS ? 0 : upper * SHRINK;
      double from = Math.pow(lower, power);
      double to = Math.pow(upper, power);
      if (to - from > 1e-100) { // the integrand is bounded: narrower panels add nothing
        sum += GAUSS.legendre(20, from, to).integrate(y -> f.applyAsDouble(Math.pow(y, 1 / power)));
      }
      upper = lower;
    }
    return sum;
  }
}
