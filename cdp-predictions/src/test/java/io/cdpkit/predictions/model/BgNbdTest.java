package io.cdpkit.predictions.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The BG/NBD formulas against the published CDNOW values (Fader, Hardie and Lee 2005, in weeks)
 * and the fit against histories simulated from those parameters.
 */
final class BgNbdTest {
  /** The paper's maximum-likelihood estimates for the CDNOW sample, rounded as published. */
  static final BgNbd CDNOW = new BgNbd(0.243, 4.414, 0.793, 2.426);

  @Test
  void conditionalExpectation_paperExample_matchesPublishedValue() {
    // Section 5 of the paper: x = 2, t_x = 30.43, T = 38.86 weeks; 1.226 purchases in the next 39.
    PurchaseSummary history = PurchaseSummary.of(2, 30.43, 38.86);

    assertThat(CDNOW.conditionalExpectedPurchases(39, history)).isCloseTo(1.226, offset(0.0005));
  }

  @Test
  void expectedPurchases_cdnow_matchesHardiesSpreadsheetWithinParameterRounding() {
    // E[X(t)] from Hardie's "Implementing the BG/NBD model in Excel" (unrounded estimates); the
    // published parameters are rounded to three decimals (r 0.243 for 0.2426), which moves E[X(t)]
    // by about r's relative rounding, 0.2%.
    double[] weeks = {0.1429, 1, 3, 31.8571, 32, 78};
    double[] published = {0.0078, 0.0532, 0.1506, 1.0405, 1.0437, 1.8576};
    for (int i = 0; i < weeks.length; i++) {
      assertThat(CDNOW.expectedPurchases(weeks[i])).as("E[X(%s)]", weeks[i])
          .isCloseTo(published[i], withinPercentage(0.5));
    }
  }

  @Test
  void conditionalExpectation_newCustomer_equalsUnconditionalExpectation() {
    // With x = 0 and T = 0 the history says nothing: equation 10 must reduce to equation 9.
    PurchaseSummary justArrived = PurchaseSummary.of(0, 0, 0);

    assertThat(CDNOW.conditionalExpectedPurchases(52, justArrived))
        .isCloseTo(CDNOW.expectedPurchases(52), withinPercentage(1e-9));
  }

  @Test
  void conditionalExpectation_dropOutShapesSummingUnderOne_matchesTheIntegral() {
    // a + b < 1: equation 10's 2F1 has c = a + b - 1 < 0 for a customer without repeat orders.
    BgNbd model = new BgNbd(0.3, 25, 0.2, 0.1);
    PurchaseSummary firstOrderOnly = PurchaseSummary.of(0, 0, 40);

    double expected = model.conditionalExpectedPurchases(30, firstOrderOnly);

    assertThat(expected).isCloseTo(
        ExpectationReference.conditionalExpectedPurchases(model, 30, firstOrderOnly), withinPercentage(1e-6));
    assertThat(model.expectedPurchases(30)).isCloseTo(
        ExpectationReference.conditionalExpectedPurchases(model, 30, PurchaseSummary.of(0, 0, 0)), withinPercentage(1e-6));
  }

  @Test
  void conditionalExpectation_aOfExactlyOne_isTheLimitFromEitherSide() {
    // Equation 10 divides by a - 1; the expectation itself is continuous there.
    PurchaseSummary history = PurchaseSummary.of(3, 20, 38.86);
    double below = new BgNbd(0.243, 4.414, 1 - 1e-6, 2.426).conditionalExpectedPurchases(39, history);
    double above = new BgNbd(0.243, 4.414, 1 + 1e-6, 2.426).conditionalExpectedPurchases(39, history);

    double at = new BgNbd(0.243, 4.414, 1, 2.426).conditionalExpectedPurchases(39, history);

    assertThat(at).isCloseTo((below + above) / 2, withinPercentage(1e-6));
    assertThat(at).isCloseTo(ExpectationReference.conditionalExpectedPurchases(
        new BgNbd(0.243, 4.414, 1, 2.426), 39, history), withinPercentage(1e-6));
  }

  @Test
  void conditionalExpectation_nearTheNoDropOutLimit_isThatOfAFixedDropOutProbability() {
    // a and b of a fit to customers who never lapse (the benchmark's shape): p is all but fixed
    // at a / (a + b), so the expectation is (1 - (A / (A + p t))^R) / p for the living.
    BgNbd model = new BgNbd(1.2, 30, 7_876_110.3, 130_000_000);
    PurchaseSummary history = PurchaseSummary.of(19, 200, 210);
    double p = model.a() / (model.a() + model.b());
    double shape = 1.2 + 19;
    double scale = 30 + 210;
    double living = -Math.expm1(-shape * Math.log1p(p * 30 / scale)) / p;

    assertThat(model.conditionalExpectedPurchases(30, history))
        .isCloseTo(living * model.probabilityAlive(history), withinPercentage(0.1));
  }

  @Test
  void expectedPurchases_shortHorizon_approachesInitialRate() {
    // Nobody drops out before a purchase, so at first orders come at the mean rate r / alpha.
    assertThat(CDNOW.expectedPurchases(1e-4) / 1e-4).isCloseTo(0.243 / 4.414, withinPercentage(0.01));
  }

  @Test
  void logLikelihood_noRepeatOrders_isThePoissonGammaZeroCount() {
    // x = 0: the customer is alive (P = 1) and made no purchase in T, (alpha / (alpha + T))^r.
    PurchaseSummary none = PurchaseSummary.of(0, 0, 30);

    assertThat(CDNOW.logLikelihood(none)).isCloseTo(0.243 * Math.log(4.414 / 34.414), offset(1e-12));
    assertThat(CDNOW.probabilityAlive(none)).isEqualTo(1);
  }

  @Test
  void probabilityAlive_paperExample_fallsWithTimeSinceLastOrder() {
    PurchaseSummary recent = PurchaseSummary.of(2, 38, 38.86);
    PurchaseSummary lapsed = PurchaseSummary.of(2, 5, 38.86);

    assertThat(CDNOW.probabilityAlive(recent)).isGreaterThan(CDNOW.probabilityAlive(lapsed));
    assertThat(CDNOW.probabilityAlive(lapsed)).isBetween(0.0, 0.5);
  }

  @Test
  void medianTimeToNextPurchase_isWherePurchaseProbabilityReachesOneHalf() {
    PurchaseSummary history = PurchaseSummary.of(2, 30.43, 38.86);

    double median = CDNOW.medianTimeToNextPurchase(history).orElseThrow();

    assertThat(CDNOW.probabilityOfPurchase(median, history)).isCloseTo(0.5, offset(1e-12));
    assertThat(CDNOW.medianTimeToNextPurchase(PurchaseSummary.of(2, 5, 38.86))).isEmpty();
  }

  @Test
  void probabilityOfPurchase_isBoundedByProbabilityAlive() {
    PurchaseSummary history = PurchaseSummary.of(3, 20, 38.86);

    assertThat(CDNOW.probabilityOfPurchase(0, history)).isZero();
    assertThat(CDNOW.probabilityOfPurchase(1e6, history))
        .isCloseTo(CDNOW.probabilityAlive(history), offset(1e-3));
  }

  @Test
  void fit_simulatedCdnowHistories_recoversParametersWithinTenPercent() {
    // 20,000 customers observed 66 to 78 weeks, like CDNOW's 78-week window. At this size the
    // sampling error of a and b is about 5%, so 10% is the tolerance.
    List<PurchaseSummary> histories =
        new Simulation(20_05L).histories(CDNOW, GammaGammaTest.CDNOW, 20_000, 66, 78);

    ModelFit<BgNbd> fit = BgNbd.fit(histories);

    BgNbd found = fit.model();
    assertThat(found.r()).isCloseTo(CDNOW.r(), withinPercentage(10));
    assertThat(found.alpha()).isCloseTo(CDNOW.alpha(), withinPercentage(10));
    assertThat(found.a()).isCloseTo(CDNOW.a(), withinPercentage(10));
    assertThat(found.b()).isCloseTo(CDNOW.b(), withinPercentage(10));
    assertThat(fit.customers()).isEqualTo(20_000);
    double atTruth = histories.stream().mapToDouble(CDNOW::logLikelihood).sum();
    assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(atTruth);
    double recomputed = histories.stream().mapToDouble(found::logLikelihood).sum();
    assertThat(fit.logLikelihood()).isCloseTo(recomputed, withinPercentage(1e-9));
  }

  @Test
  void fit_noHistories_isRefused() {
    assertThatThrownBy(() -> BgNbd.fit(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
