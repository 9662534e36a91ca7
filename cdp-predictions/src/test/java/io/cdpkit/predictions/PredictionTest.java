package io.cdpkit.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

final class PredictionTest {

  @Test
  void values_roundToSixDigitsAndLeaveOutAbsentOrInfiniteOnes() {
    Prediction prediction = new Prediction(0.123456789, 0.5, Double.POSITIVE_INFINITY, null, 42.0, null,
        Engagement.MEDIUM, true);

    assertThat(prediction.values()).containsExactly(
        java.util.Map.entry("order_likelihood", new BigDecimal("0.5")),
        java.util.Map.entry("expected_order_value", new BigDecimal("42")),
        java.util.Map.entry("probability_alive", new BigDecimal("0.123457")),
        java.util.Map.entry("engagement", BigDecimal.valueOf(2)),
        java.util.Map.entry("winback_zone", BigDecimal.ONE));
    assertThat(prediction.value("time_to_next_order")).isEmpty();
    assertThat(prediction.value("no_such_name")).isEmpty();
  }
}
