package io.cdpkit.predictions.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Expectations over horizons many times the rate scale, where the hypergeometric series' argument
 * {@code z = t / (scale + t)} is within 1e-3 of 1 (the 3F2 used to end at its term cap within
 * about 1e-6): integrated numerically instead, checked against values computed independently.
 */
final class LongHorizonExpectationTest {

  /**
   * E[X(t)] for alpha = 1, so that t is the horizon in multiples of the scale. References: the
   * Euler-transformed closed form {@code c (1 - w^(a-1)) / (a - 1) - w^(a-1) (c - r) z 3F2(c - r +
   * 1, a, 1; c + 1, 2; z)}, {@code w = 1 - z}, at 50 digits with mpmath 1.3.0 (its limit {@code -c
   * ln w} for the first term at a = 1).
   */
  @ParameterizedTest
  @CsvSource({
      "0.3,   1e6,  0.8,  2.4,  80.741838484521696",
      "0.243, 3e5,  0.05, 0.3,  35231.017619651426",
      "0.02,  2e4,  0.02, 0.02, 167.61399803479429",
      "40.3,  5e6,  0.9,  45,   1627.821774625071",
      "2.5,   1e8,  1.5,  0.7,  2.3998722960470113",
      "1.2,   1e7,  1,    2,    30.812543805359731",
      "5,     1e12, 3,    4,    3.0",
  })
  void expectedPurchases_zWithinAMillionthOfOne_matchesHighPrecisionValues(
      double r, double t, double a, double b, double reference) {
    double expected = new BgNbd(r, 1, a, b).expectedPurchases(t);

    assertThat(expected).isCloseTo(reference, offset(1e-10 * reference));
  }

  @Test
  void expectation_whereTheSeriesAndTheIntegralMeet_agrees() {
    BgNbd model = new BgNbd(0.243, 4.414, 0.793, 2.426);
    PurchaseSummary history = PurchaseSummary.of(3, 20, 25);
    double scale = 4.414 + 25;

    double bySeries = model.conditionalExpectedPurchases(1000 * scale, history);
    double byIntegral = model.conditionalExpectedPurchases(Math.nextUp(1000 * scale), history);

    assertThat(byIntegral).isCloseTo(bySeries, offset(1e-10 * bySeries));
  }

  @Property(tries = 50)
  void conditionalExpectedPurchases_longHorizons_matchTheIntegral(
      @ForAll @DoubleRange(min = 0.02, max = 5) double r,
      @ForAll @DoubleRange(min = 0.01, max = 2) double alpha,
      @ForAll @DoubleRange(min = 0.02, max = 5) double a,
      @ForAll @DoubleRange(min = 0.02, max = 5) double b,
      @ForAll @IntRange(min = 0, max = 40) int frequency,
      @ForAll @DoubleRange(min = 0, max = 2) double age,
      @ForAll @DoubleRange(min = 0, max = 1) double recencyShare,
      @ForAll @DoubleRange(min = 3, max = 12) double log10Horizon) {
    BgNbd model = new BgNbd(r, alpha, a, b);
    PurchaseSummary history = PurchaseSummary.of(frequency, frequency == 0 ? 0 : recencyShare * age, age);
    double t = Math.pow(10, log10Horizon);

    double expected = model.conditionalExpectedPurchases(t, history);

    double reference = ExpectationReference.conditionalExpectedPurchases(model, t, history);
    assertThat(expected).isFinite().isNotNegative()
        .isCloseTo(reference, offset(1e-7 * reference + 1e-12));
  }
}
