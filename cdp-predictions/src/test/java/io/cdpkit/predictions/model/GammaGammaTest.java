package io.cdpkit.predictions.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Gamma-Gamma formulas and fit, against Fader and Hardie's CDNOW estimates. */
final class GammaGammaTest {
  /** Fader and Hardie, "The Gamma-Gamma model of monetary value" (2013), CDNOW estimates. */
  static final GammaGamma CDNOW = new GammaGamma(6.25, 3.74, 15.44);

  @Test
  void conditionalExpectedValue_noRepeatOrders_isThePopulationMean() {
    assertThat(CDNOW.conditionalExpectedValue(PurchaseSummary.of(0, 0, 10)))
        .isCloseTo(6.25 * 15.44 / 2.74, offset(1e-12));
  }

  @Test
  void conditionalExpectedValue_manyRepeatOrders_approachesOwnMean() {
    PurchaseSummary loyal = new PurchaseSummary(10_000, 300, 300, 80);

    assertThat(CDNOW.conditionalExpectedValue(loyal)).isCloseTo(80, withinPercentage(0.1));
  }

  @Test
  void conditionalExpectedValue_infiniteMean_isRefused() {
    assertThatThrownBy(() -> new GammaGamma(2, 0.9, 10).conditionalExpectedValue(PurchaseSummary.of(0, 0, 1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void fit_simulatedRepeatCustomers_recoversParameters() {
    // 50,000 repeat customers with 1 to 10 orders: p and gamma trade off against each other
    // (sampling error about 5% each), the mean order value p gamma / (q - 1) is pinned to 2%.
    List<PurchaseSummary> customers = new Simulation(2013L).repeatCustomers(CDNOW, 50_000);

    ModelFit<GammaGamma> fit = GammaGamma.fit(customers);

    GammaGamma found = fit.model();
    assertThat(found.p()).isCloseTo(CDNOW.p(), withinPercentage(12));
    assertThat(found.q()).isCloseTo(CDNOW.q(), withinPercentage(10));
    assertThat(found.gamma()).isCloseTo(CDNOW.gamma(), withinPercentage(12));
    assertThat(found.p() * found.gamma() / (found.q() - 1))
        .isCloseTo(CDNOW.p() * CDNOW.gamma() / (CDNOW.q() - 1), withinPercentage(2));
    double atTruth = customers.stream().mapToDouble(CDNOW::logLikelihood).sum();
    assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(atTruth);
  }

  @Test
  void fit_leavesOutCustomersWithoutRepeatOrders() {
    List<PurchaseSummary> customers = List.of(
        PurchaseSummary.of(0, 0, 10), new PurchaseSummary(2, 5, 10, 30),
        new PurchaseSummary(1, 3, 10, 20), new PurchaseSummary(4, 9, 10, 45));

    assertThat(GammaGamma.fit(customers).customers()).isEqualTo(3);
    assertThatThrownBy(() -> GammaGamma.fit(List.of(PurchaseSummary.of(0, 0, 10))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
