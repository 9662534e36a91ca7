package io.cdpkit.predictions.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import org.junit.jupiter.api.Test;

final class HypergeometricTest {

  @Test
  void gauss2F1_logarithmCase_matchesClosedForm() {
    // 2F1(1, 1; 2; z) = -ln(1 - z) / z
    for (double z : new double[] {0, 0.1, 0.5, 0.9, 0.99}) {
      double expected = z == 0 ? 1 : -Math.log1p(-z) / z;
      assertThat(Hypergeometric.gauss2F1(1, 1, 2, z)).as("z=%s", z).isCloseTo(expected, withinPercentage(1e-10));
    }
  }

  @Test
  void gauss2F1_nearOne_convergesThroughEulersTransformation() {
    // 2F1(a, b; b; z) = (1 - z)^-a; the plain series' terms grow like k z^k for a = 2.
    double z = 1 - 1e-7;

    assertThat(Hypergeometric.gauss2F1(2, 3.5, 3.5, z)).isCloseTo(Math.pow(1 - z, -2), withinPercentage(1e-6));
  }

  @Test
  void gauss2F1_bothSeries_agreeWhereBothConverge() {
    // BG/NBD arguments for x = 5 with the CDNOW parameters, at z = 0.8.
    double a = 0.243 + 5;
    double b = 2.426 + 5;
    double c = 0.793 + 2.426 + 5 - 1;
    double z = 0.8;
    double euler = Math.pow(1 - z, c - a - b) * Hypergeometric.gauss2F1(c - a, c - b, c, z);

    assertThat(Hypergeometric.gauss2F1(a, b, c, z)).isCloseTo(euler, withinPercentage(1e-9));
  }

  @Test
  void f32_reducingTo2F1_logarithmCase_matchesClosedForm() {
    // 3F2(1, 1, 1; 2, 1; z) = 2F1(1, 1; 2; z) = -ln(1 - z) / z
    for (double z : new double[] {0, 0.1, 0.5, 0.9, 0.99}) {
      double expected = z == 0 ? 1 : -Math.log1p(-z) / z;
      assertThat(Hypergeometric.f32(1, 1, 1, 2, 1, z)).as("z=%s", z).isCloseTo(expected, withinPercentage(1e-10));
    }
  }

  @Test
  void f32_nearOne_sumsTheSlowlyShrinkingTermsToTheEnd() {
    // 3F2(2, 3.5, 1; 3.5, 1; z) = (1 - z)^-2; the terms (k + 1) z^k shrink slowly near z = 1.
    double z = 0.999;

    assertThat(Hypergeometric.f32(2, 3.5, 1, 3.5, 1, z)).isCloseTo(Math.pow(1 - z, -2), withinPercentage(1e-9));
  }

  @Test
  void f32_negativeUpperParameter_termsShrinkingThroughZeroDoNotEndTheSum() {
    // 2F1(-2.5, 1; 1; z) = (1 - z)^2.5: the third term is small only because -2.5 + 2 is near 0.
    double z = 0.7;

    assertThat(Hypergeometric.f32(-2.5, 1, 1, 1, 1, z)).isCloseTo(Math.pow(1 - z, 2.5), withinPercentage(1e-9));
    assertThat(Hypergeometric.f32(-2, 1, 1, 1, 1, z)).as("terminating").isCloseTo(Math.pow(1 - z, 2), withinPercentage(1e-12));
  }

  @Test
  void f32_tooCloseToOne_isRefusedRatherThanCutShort() {
    assertThatThrownBy(() -> Hypergeometric.f32(2, 1, 1, 1, 1, 1 - 1e-9)).isInstanceOf(ArithmeticException.class);
    assertThatThrownBy(() -> Hypergeometric.f32(1, 1, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void conditionalExpectation_customerFarYoungerThanTheHorizon_isFinite() {
    // alpha + T tiny against t puts z within 1e-4 of 1.
    BgNbd model = new BgNbd(0.5, 1e-6, 0.8, 2.5);
    PurchaseSummary history = PurchaseSummary.of(12, 0.01, 0.01);

    double expected = model.conditionalExpectedPurchases(365, history);

    assertThat(expected).isFinite().isPositive();
  }
}
