package io.cdpkit.predictions.model;

import java.util.List;
import org.hipparchus.special.Gamma;

/**
 * The Gamma-Gamma log-likelihood of many repeat customers, for an optimiser's repeated
 * evaluations: the logarithms of the data are taken once, and the log-gamma terms once per distinct
 * frequency and evaluation.
 */
final class GammaGammaLikelihood {
  private final int[] frequency;
  private final double[] mean;
  private final double[] logMean;
  private final double[] logFrequency;
  private final int maxFrequency;

  GammaGammaLikelihood(List<PurchaseSummary> repeatHistories) {
    int n = repeatHistories.size();
    frequency = new int[n];
    mean = new double[n];
    logMean = new double[n];
    logFrequency = new double[n];
    int max = 0;
    for (int i = 0; i < n; i++) {
      PurchaseSummary h = repeatHistories.get(i);
      frequency[i] = h.frequency();
      mean[i] = h.monetaryValue();
      logMean[i] = Math.log(h.monetaryValue());
      logFrequency[i] = Math.log(h.frequency());
      max = Math.max(max, h.frequency());
    }
    maxFrequency = max;
  }

  /** The total log-likelihood at {@code (p, q, gamma)}. */
  double at(double[] parameters) {
    double p = parameters[0];
    double q = parameters[1];
    double gamma = parameters[2];
    double constant = -Gamma.logGamma(q) + q * Math.log(gamma);
    // 0 marks a frequency not seen yet in this evaluation; a true 0 is merely computed again.
    double[] logGammas = new double[maxFrequency + 1];
    double total = 0;
    for (int i = 0; i < frequency.length; i++) {
      int x = frequency[i];
      double px = p * x;
      if (logGammas[x] == 0) {
        logGammas[x] = Gamma.logGamma(px + q) - Gamma.logGamma(px);
      }
      total += constant + logGammas[x]
          + (px - 1) * logMean[i] + px * logFrequency[i] - (px + q) * Math.log(gamma + mean[i] * frequency[i]);
    }
    return total;
  }
}
