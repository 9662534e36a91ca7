package io.cdpkit.predictions.model;

import java.util.List;

/**
 * The BG/NBD log-likelihood of many histories, evaluated as often as an optimiser asks: the
 * log-gamma terms depend only on the frequency, so they are computed once per distinct frequency
 * and evaluation, leaving two logarithms and an exponential per customer.
 */
final class BgNbdLikelihood {
  private final int[] frequency;
  private final double[] recency;
  private final double[] age;
  private final int maxFrequency;

  BgNbdLikelihood(List<PurchaseSummary> histories) {
    int n = histories.size();
    frequency = new int[n];
    recency = new double[n];
    age = new double[n];
    int max = 0;
    for (int i = 0; i < n; i++) {
      PurchaseSummary h = histories.get(i);
      frequency[i] = h.frequency();
      recency[i] = h.recency();
      age[i] = h.age();
      max = Math.max(max, h.frequency());
    }
    maxFrequency = max;
  }

  /** The total log-likelihood at {@code (r, alpha, a, b)}. */
  double at(double[] parameters) {
    BgNbd model = new BgNbd(parameters[0], parameters[1], parameters[2], parameters[3]);
    double r = model.r();
    double alpha = model.alpha();
    double[] base = new double[maxFrequency + 1];
    double[] logDropout = new double[maxFrequency + 1];
    boolean[] known = new boolean[maxFrequency + 1];
    double logA = Math.log(model.a());
    double total = 0;
    for (int i = 0; i < frequency.length; i++) {
      int x = frequency[i];
      if (!known[x]) {
        base[x] = model.logGammaPart(x);
        logDropout[x] = x > 0 ? logA - Math.log(model.b() + x - 1) : Double.NEGATIVE_INFINITY;
        known[x] = true;
      }
      double alive = -(r + x) * Math.log(alpha + age[i]);
      if (x == 0) {
        total += base[x] + alive;
      } else {
        double dropped = logDropout[x] - (r + x) * Math.log(alpha + recency[i]);
        double max = Math.max(alive, dropped);
        total += base[x] + max + Math.log1p(Math.exp(Math.min(alive, dropped) - max));
      }
    }
    return total;
  }
}
