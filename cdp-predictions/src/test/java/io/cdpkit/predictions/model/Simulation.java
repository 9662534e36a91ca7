package io.cdpkit.predictions.model;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.random.RandomDataGenerator;

/** Purchase histories drawn from the BG/NBD and Gamma-Gamma models, from a fixed seed. */
final class Simulation {
  private final RandomDataGenerator random;

  Simulation(long seed) {
    random = new RandomDataGenerator(seed);
  }

  /**
   * Histories of {@code customers} customers, each observed for an age drawn uniformly from
   * {@code [minAge, maxAge]}, with order values from the Gamma-Gamma model.
   */
  List<PurchaseSummary> histories(BgNbd model, GammaGamma values, int customers, double minAge, double maxAge) {
    List<PurchaseSummary> out = new ArrayList<>(customers);
    for (int i = 0; i < customers; i++) {
      out.add(history(model, values, minAge + random.nextDouble() * (maxAge - minAge)));
    }
    return out;
  }

  /**
   * Repeat customers for the Gamma-Gamma model alone: 1 to 10 repeat orders each, their mean
   * value drawn from the model (recency and age are left at 0, which it does not read).
   */
  List<PurchaseSummary> repeatCustomers(GammaGamma values, int customers) {
    List<PurchaseSummary> out = new ArrayList<>(customers);
    for (int i = 0; i < customers; i++) {
      double scale = random.nextGamma(values.q(), 1 / values.gamma());
      int frequency = 1 + random.nextInt(10);
      double spent = 0;
      for (int k = 0; k < frequency; k++) {
        spent += random.nextGamma(values.p(), 1 / scale);
      }
      out.add(new PurchaseSummary(frequency, 0, 0, spent / frequency));
    }
    return out;
  }

  private PurchaseSummary history(BgNbd model, GammaGamma values, double age) {
    double rate = random.nextGamma(model.r(), 1 / model.alpha());
    double dropout = random.nextBeta(model.a(), model.b());
    double scale = random.nextGamma(values.q(), 1 / values.gamma());
    int frequency = 0;
    double recency = 0;
    double spent = 0;
    double t = 0;
    while (true) {
      t += random.nextExponential(1 / rate);
      if (t > age) {
        break;
      }
      frequency++;
      recency = t;
      spent += random.nextGamma(values.p(), 1 / scale);
      if (random.nextDouble() < dropout) {
        break;
      }
    }
    return new PurchaseSummary(frequency, recency, age, frequency == 0 ? 0 : spent / frequency);
  }
}
