package io.cdpkit.predictions.model;

import java.util.Collection;
import java.util.List;
import java.util.OptionalDouble;
import org.hipparchus.special.Gamma;

/**
 * The BG/NBD model of repeat purchasing (Fader, Hardie and Lee, "Counting your customers the easy
 * way", Marketing Science 24(2), 2005): while alive, a customer orders as a Poisson process with
 * rate {@code lambda ~ Gamma(r, alpha)}; after each order they drop out for good with probability
 * {@code p ~ Beta(a, b)}. Time is in the unit of the {@link PurchaseSummary summaries} (days in
 * CDPKit). Immutable and thread-safe.
 *
 * <pre>{@code
 * ModelFit<BgNbd> fit = BgNbd.fit(summaries);
 * double alive = fit.model().probabilityAlive(summary);
 * double next30 = fit.model().conditionalExpectedPurchases(30, summary);
 * }</pre>
 *
 * @param r shape of the purchase-rate distribution
 * @param alpha scale (rate parameter) of the purchase-rate distribution, in time units
 * @param a first shape of the drop-out probability distribution
 * @param b second shape of the drop-out probability distribution
 */
public record BgNbd(double r, double alpha, double a, double b) {
  /** The longest horizon, in multiples of the rate scale, whose expectation sums the series. */
  private static final double SERIES_HORIZON_LIMIT = 1e3;

  public BgNbd {
    requirePositive("r", r);
    requirePositive("alpha", alpha);
    requirePositive("a", a);
    requirePositive("b", b);
  }

  /**
   * The parameters that maximise the likelihood of the histories.
   *
   * @throws IllegalArgumentException when there are no histories
   */
  public static ModelFit<BgNbd> fit(Collection<PurchaseSummary> histories) {
    List<PurchaseSummary> all = List.copyOf(histories);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("cannot fit BG/NBD to no purchase histories");
    }
    BgNbdLikelihood likelihood = new BgNbdLikelihood(all);
    // Start where the mean purchase rate r / alpha matches the data's, whatever the time unit.
    double meanAge = all.stream().mapToDouble(PurchaseSummary::age).average().orElse(1);
    double meanFrequency = all.stream().mapToDouble(PurchaseSummary::frequency).average().orElse(1);
    double alpha = Math.max(meanAge, 1e-3) / Math.max(meanFrequency, 1e-3);
    MaximumLikelihood.Maximum max = MaximumLikelihood.maximise(likelihood::at, new double[] {1, alpha, 1, 1});
    double[] p = max.parameters();
    return new ModelFit<>(new BgNbd(p[0], p[1], p[2], p[3]), max.logLikelihood(), all.size(), max.evaluations());
  }

  /** The log-likelihood of one history (equation 6 of the paper). */
  public double logLikelihood(PurchaseSummary history) {
    int x = history.frequency();
    return logGammaPart(x) + logSumExp(
        -(r + x) * Math.log(alpha + history.age()),
        x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + history.recency())
            : Double.NEGATIVE_INFINITY);
  }

  /** The terms of the log-likelihood that depend on the frequency only. */
  double logGammaPart(int x) {
    return Gamma.logGamma(r + x) - Gamma.logGamma(r) + r * Math.log(alpha)
        + Gamma.logGamma(a + b) + Gamma.logGamma(b + x) - Gamma.logGamma(b) - Gamma.logGamma(a + b + x);
  }

  /** The probability that the customer has not dropped out by the end of the window. */
  public double probabilityAlive(PurchaseSummary history) {
    int x = history.frequency();
    if (x == 0) {
      return 1;
    }
    return 1 / (1 + Math.exp(Math.log(a / (b + x - 1))
        + (r + x) * (Math.log(alpha + history.age()) - Math.log(alpha + history.recency()))));
  }

  /** The expected number of orders of a new customer in their first {@code t} time units. */
  public double expectedPurchases(double t) {
    requireNonNegative(t);
    return livingExpectation(r, alpha, b, t);
  }

  /**
   * The expected number of orders in the {@code t} time units after the window, given the history
   * (equation 10 of the paper): P(alive) times the expectation for a living customer, whose rate
   * and drop-out probability the history updates to {@code Gamma(r + x, alpha + T)} and {@code
   * Beta(a, b + x)}.
   */
  public double conditionalExpectedPurchases(double t, PurchaseSummary history) {
    requireNonNegative(t);
    int x = history.frequency();
    return livingExpectation(r + x, alpha + history.age(), b + x, t) * probabilityAlive(history);
  }

  /**
   * {@code E[(1 - exp(-lambda p t)) / p]} for {@code lambda ~ Gamma(shape, scale)} and {@code p ~
   * Beta(a, bShape)}: the orders in {@code t} of a customer alive now. The paper's form {@code c /
   * (a - 1) * (1 - (1 - z)^shape 2F1(shape, bShape; c; z))}, {@code c = a + bShape - 1}, {@code z
   * = t / (scale + t)}, has no value where {@code c <= 0} (no repeat order and a fit with {@code a
   * + b <= 1}) or {@code a = 1}, though the expectation is finite there. Euler's transformation
   * turns {@code (1 - z)^shape 2F1(shape, bShape; c; z)} into {@code (1 - z)^(a - 1) 2F1(c -
   * shape, a - 1; c; z)}, whose series is {@code 1 + (a - 1) / c * (c - shape) z 3F2(c - shape +
   * 1, a, 1; c + 1, 2; z)}; multiplying out leaves {@code c (1 - (1 - z)^(a - 1)) / (a - 1) - (1 -
   * z)^(a - 1) (c - shape) z 3F2(...)}. That equals the paper's form wherever the latter has a
   * value and, both being analytic in the parameters, the expectation everywhere else: the 3F2's
   * lower parameters {@code c + 1 = a + bShape} and 2 are positive, and the first term tends to
   * {@code -c ln(1 - z)} at {@code a = 1}. That form is used for {@code a < 2}; from there on
   * the paper's is (its {@code c} and {@code a - 1} are then at least 1), as the 3F2's terms grow
   * like {@code (a)_k / k!} before they shrink and overflow for the large {@code a} of a fit near
   * the no-drop-out limit. Both series need about {@code 40 / (1 - z)} terms, so for a horizon
   * more than {@code 1000} times the scale ({@code 1 - z < 1e-3}) the expectation is integrated
   * numerically instead ({@link LivingExpectationIntegral}).
   */
  private double livingExpectation(double shape, double scale, double bShape, double t) {
    if (t == 0) {
      return 0;
    }
    if (t > SERIES_HORIZON_LIMIT * scale) {
      return LivingExpectationIntegral.of(shape, t / scale, a, bShape);
    }
    double c = a + bShape - 1;
    double z = t / (scale + t);
    if (a >= 2) {
      return c / (a - 1)
          * -Math.expm1(Math.log(Hypergeometric.gauss2F1(shape, bShape, c, z)) - shape * Math.log1p(t / scale));
    }
    double logRest = -Math.log1p(t / scale);
    double exponent = (a - 1) * logRest;
    double lapsing = exponent == 0 ? -logRest : -Math.expm1(exponent) / exponent * logRest;
    double series = (c - shape) * z * Hypergeometric.f32(c - shape + 1, a, 1, c + 1, 2, z);
    return c * lapsing - Math.exp(exponent) * series;
  }

  /**
   * The probability of at least one order in the {@code t} time units after the window, given the
   * history. A customer alive at the end of the window cannot drop out before their next order, so
   * this is {@code P(alive) * (1 - E[exp(-lambda t)])} with {@code lambda ~ Gamma(r + x, alpha +
   * T)} for the living.
   */
  public double probabilityOfPurchase(double t, PurchaseSummary history) {
    requireNonNegative(t);
    double ageT = alpha + history.age();
    return probabilityAlive(history) * -Math.expm1((r + history.frequency()) * Math.log(ageT / (ageT + t)));
  }

  /**
   * The median time from the end of the window to the next order, or empty when the next order is
   * less likely than not ever to come ({@code P(alive) <= 1/2}): the {@code s} where {@link
   * #probabilityOfPurchase} reaches one half.
   */
  public OptionalDouble medianTimeToNextPurchase(PurchaseSummary history) {
    double alive = probabilityAlive(history);
    if (alive <= 0.5) {
      return OptionalDouble.empty();
    }
    double ageT = alpha + history.age();
    return OptionalDouble.of(ageT * Math.expm1(-Math.log1p(-0.5 / alive) / (r + history.frequency())));
  }

  private static double logSumExp(double u, double v) {
    double max = Math.max(u, v);
    return max + Math.log1p(Math.exp(Math.min(u, v) - max));
  }

  static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, was " + value);
    }
  }

  private static void requireNonNegative(double t) {
    if (!(t >= 0) || Double.isInfinite(t)) {
      throw new IllegalArgumentException("t must be finite and >= 0, was " + t);
    }
  }
}
