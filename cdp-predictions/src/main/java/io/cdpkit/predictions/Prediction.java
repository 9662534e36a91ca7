package io.cdpkit.predictions;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One customer's predictions from a {@link PredictionFit}, over its horizon. Immutable.
 *
 * @param probabilityAlive the probability that the customer has not lapsed for good
 * @param orderLikelihood the probability of at least one order within the horizon
 * @param expectedOrders the expected number of orders within the horizon
 * @param timeToNextOrder the median days from the fit to the next order, or null when the next
 *     order is less likely than not ever to come
 * @param expectedOrderValue the expected value of the next order, or null when the fit has no
 *     order-value model
 * @param predictedValue the expected spend within the horizon (expected orders times expected
 *     order value), or null when the fit has no order-value model
 * @param engagement high, medium or low against the population
 * @param winbackZone true for a customer with repeat orders whose probability of being alive fell
 *     under the threshold
 */
public record Prediction(
    double probabilityAlive,
    double orderLikelihood,
    double expectedOrders,
    @Nullable Double timeToNextOrder,
    @Nullable Double expectedOrderValue,
    @Nullable Double predictedValue,
    Engagement engagement,
    boolean winbackZone) {

  /** The {@code $computed} names predictions answer, in display order. */
  public static final List<String> NAMES = List.of(
      "order_likelihood", "expected_orders", "time_to_next_order", "predicted_value",
      "expected_order_value", "probability_alive", "engagement", "winback_zone");

  private static final MathContext DIGITS = new MathContext(6);

  public Prediction {
    Objects.requireNonNull(engagement, "engagement");
  }

  /**
   * The values as {@code $computed} numbers, by name; absent ones (and any a degenerate fit made
   * infinite) are left out. Engagement is 3 high, 2 medium, 1 low and winback_zone 1 or 0.
   * Rounded to six significant digits, so that a refit that moves a prediction by less does not
   * look like a change.
   */
  public Map<String, BigDecimal> values() {
    Map<String, BigDecimal> values = new LinkedHashMap<>();
    put(values, "order_likelihood", orderLikelihood);
    put(values, "expected_orders", expectedOrders);
    put(values, "time_to_next_order", timeToNextOrder);
    put(values, "predicted_value", predictedValue);
    put(values, "expected_order_value", expectedOrderValue);
    put(values, "probability_alive", probabilityAlive);
    values.put("engagement", BigDecimal.valueOf(engagement.level()));
    values.put("winback_zone", winbackZone ? BigDecimal.ONE : BigDecimal.ZERO);
    return values;
  }

  /** One value by its {@code $computed} name; empty when absent or unknown. */
  public Optional<BigDecimal> value(String name) {
    return Optional.ofNullable(values().get(name));
  }

  /** Puts the value rounded, leaving out an absent one and one a degenerate fit made infinite. */
  private static void put(Map<String, BigDecimal> values, String name, @Nullable Double value) {
    if (value != null && Double.isFinite(value)) {
      values.put(name, new BigDecimal(value, DIGITS).stripTrailingZeros());
    }
  }
}
