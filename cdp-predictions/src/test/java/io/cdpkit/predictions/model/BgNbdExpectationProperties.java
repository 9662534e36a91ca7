package io.cdpkit.predictions.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The closed-form conditional expectation equals its definition integrated numerically, for any
 * valid history and parameters, including a + b < 1 and a = 1 where the paper's form has no value.
 */
final class BgNbdExpectationProperties {

  @Property(tries = 300)
  void conditionalExpectedPurchases_isFiniteNonNegativeAndMatchesTheIntegral(
      @ForAll @DoubleRange(min = 0.02, max = 5) double r,
      @ForAll @DoubleRange(min = 0.5, max = 300) double alpha,
      @ForAll @DoubleRange(min = 0.02, max = 5) double a,
      @ForAll @DoubleRange(min = 0.02, max = 5) double b,
      @ForAll @IntRange(min = 0, max = 40) int frequency,
      @ForAll @DoubleRange(min = 0, max = 700) double age,
      @ForAll @DoubleRange(min = 0, max = 1) double recencyShare,
      @ForAll @DoubleRange(min = 0, max = 365) double t) {
    BgNbd model = new BgNbd(r, alpha, a, b);
    PurchaseSummary history = PurchaseSummary.of(frequency, frequency == 0 ? 0 : recencyShare * age, age);

    double expected = model.conditionalExpectedPurchases(t, history);

    double reference = ExpectationReference.conditionalExpectedPurchases(model, t, history);
    assertThat(expected).isFinite().isNotNegative()
        .isCloseTo(reference, offset(1e-7 * reference + 1e-12));
  }
}
