package io.cdpkit.predictions;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What counts as an order, how far ahead predictions look and how much data a fit needs.
 * Immutable; build with {@link #builder()} or start from {@link #defaults()}.
 *
 * @param orderEventType the event type of an order ({@code purchase} by default)
 * @param amountProperty the numeric event property holding the order's value ({@code amount})
 * @param horizon how far ahead {@code order_likelihood}, {@code expected_orders} and {@code
 *     predicted_value} look (30 days by default); whole days
 * @param winbackThreshold a customer with repeat orders whose probability of being alive is under
 *     this is in the winback zone (0.3 by default)
 * @param minCustomers the fewest customers (profiles with an order) a fit needs (100)
 * @param minRepeatCustomers the fewest customers with a repeat order each model needs (20)
 * @param lookback how far back orders count, or null for all of them
 */
public record PredictionOptions(
    String orderEventType,
    String amountProperty,
    Duration horizon,
    double winbackThreshold,
    int minCustomers,
    int minRepeatCustomers,
    @Nullable Duration lookback) {

  public PredictionOptions {
    Objects.requireNonNull(orderEventType, "orderEventType");
    Objects.requireNonNull(amountProperty, "amountProperty");
    Objects.requireNonNull(horizon, "horizon");
    if (orderEventType.isBlank()) {
      throw new IllegalArgumentException("orderEventType must not be blank");
    }
    if (horizon.toDays() < 1 || !horizon.equals(Duration.ofDays(horizon.toDays()))) {
      throw new IllegalArgumentException("horizon must be a whole number of days >= 1, was " + horizon);
    }
    if (!(winbackThreshold > 0 && winbackThreshold < 1)) {
      throw new IllegalArgumentException("winbackThreshold must be in (0, 1), was " + winbackThreshold);
    }
    if (minCustomers < 2) {
      throw new IllegalArgumentException("minCustomers must be >= 2, was " + minCustomers);
    }
    if (minRepeatCustomers < 1) {
      throw new IllegalArgumentException("minRepeatCustomers must be >= 1, was " + minRepeatCustomers);
    }
    if (lookback != null && (lookback.isNegative() || lookback.isZero())) {
      throw new IllegalArgumentException("lookback must be positive, was " + lookback);
    }
  }

  /** Orders are {@code purchase} events with an {@code amount}; 30-day horizon. */
  public static PredictionOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.orderEventType = orderEventType;
    b.amountProperty = amountProperty;
    b.horizon = horizon;
    b.winbackThreshold = winbackThreshold;
    b.minCustomers = minCustomers;
    b.minRepeatCustomers = minRepeatCustomers;
    b.lookback = lookback;
    return b;
  }

  /** The horizon in days. */
  public int horizonDays() {
    return Math.toIntExact(horizon.toDays());
  }

  /** Builds {@link PredictionOptions}; values are checked by {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private String orderEventType = "purchase";
    private String amountProperty = "amount";
    private Duration horizon = Duration.ofDays(30);
    private double winbackThreshold = 0.3;
    private int minCustomers = 100;
    private int minRepeatCustomers = 20;
    private @Nullable Duration lookback;

    private Builder() {}

    public Builder orderEventType(String value) {
      orderEventType = Objects.requireNonNull(value, "orderEventType");
      return this;
    }

    public Builder amountProperty(String value) {
      amountProperty = Objects.requireNonNull(value, "amountProperty");
      return this;
    }

    public Builder horizon(Duration value) {
      horizon = Objects.requireNonNull(value, "horizon");
      return this;
    }

    public Builder winbackThreshold(double value) {
      winbackThreshold = value;
      return this;
    }

    public Builder minCustomers(int value) {
      minCustomers = value;
      return this;
    }

    public Builder minRepeatCustomers(int value) {
      minRepeatCustomers = value;
      return this;
    }

    public Builder lookback(@Nullable Duration value) {
      lookback = value;
      return this;
    }

    public PredictionOptions build() {
      return new PredictionOptions(
          orderEventType, amountProperty, horizon, winbackThreshold, minCustomers, minRepeatCustomers, lookback);
    }
  }
}
