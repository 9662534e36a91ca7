package io.cdpkit.predictions.model;

import java.util.Collection;
import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma model of order value (Fader, Hardie and Lee, "RFM and CLV: using iso-value
 * curves for customer base analysis", 2005; Fader and Hardie, "The Gamma-Gamma model of monetary
 * value", 2013): a customer's order values are {@code Gamma(p, nu)} around their own mean, with
 * {@code nu ~ Gamma(q, gamma)} across customers. Fitted to the customers with repeat orders, on the
 * mean of their repeat orders. Immutable and thread-safe.
 *
 * @param p shape of one customer's order values
 * @param q shape of the distribution of customers' scale
 * @param gamma scale of the distribution of customers' scale, in money
 */
public record GammaGamma(double p, double q, double gamma) {

  public GammaGamma {
    BgNbd.requirePositive("p", p);
    BgNbd.requirePositive("q", q);
    BgNbd.requirePositive("gamma", gamma);
  }

  /**
   * The parameters that maximise the likelihood of the repeat customers' mean order values;
   * histories without repeat orders are left out.
   *
   * @throws IllegalArgumentException when no history has a repeat order with a positive value
   */
  public static ModelFit<GammaGamma> fit(Collection<PurchaseSummary> histories) {
    List<PurchaseSummary> repeat = histories.stream()
        .filter(h -> h.repeats() && h.monetaryValue() > 0)
        .toList();
    if (repeat.isEmpty()) {
      throw new IllegalArgumentException("cannot fit Gamma-Gamma without repeat orders of positive value");
    }
    GammaGammaLikelihood likelihood = new GammaGammaLikelihood(repeat);
    MaximumLikelihood.Maximum max = MaximumLikelihood.maximise(likelihood::at, new double[] {1, 1, 1});
    double[] v = max.parameters();
    return new ModelFit<>(new GammaGamma(v[0], v[1], v[2]), max.logLikelihood(), repeat.size(), max.evaluations());
  }

  /**
   * The log-likelihood of one repeat customer's mean order value {@code m} over {@code x} orders.
   *
   * @throws IllegalArgumentException for a history without repeat orders or with a mean of 0
   */
  public double logLikelihood(PurchaseSummary history) {
    if (!history.repeats() || !(history.monetaryValue() > 0)) {
      throw new IllegalArgumentException("Gamma-Gamma reads repeat orders of positive value, was " + history);
    }
    int x = history.frequency();
    double m = history.monetaryValue();
    double px = p * x;
    return Gamma.logGamma(px + q) - Gamma.logGamma(px) - Gamma.logGamma(q) + q * Math.log(gamma)
        + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(gamma + m * x);
  }

  /** True when the population's mean order value is finite ({@code q > 1}). */
  public boolean hasFiniteMean() {
    return q > 1;
  }

  /**
   * The expected value of the customer's next order: the population mean {@code p gamma / (q -
   * 1)} weighted against their own repeat mean by how many repeat orders they made.
   *
   * @throws IllegalStateException when the mean is infinite ({@code q <= 1})
   */
  public double conditionalExpectedValue(PurchaseSummary history) {
    if (!hasFiniteMean()) {
      throw new IllegalStateException("Gamma-Gamma with q <= 1 (" + q + ") has no finite mean");
    }
    int x = history.frequency();
    return p * (gamma + x * history.monetaryValue()) / (p * x + q - 1);
  }
}
