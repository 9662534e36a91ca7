package io.cdpkit.predictions.model;

/**
 * One customer's order history reduced to what the BG/NBD and Gamma-Gamma models read, in one time
 * unit (days in CDPKit, weeks in the papers). Immutable.
 *
 * @param frequency the number of repeat orders: orders after the first, at distinct instants
 * @param recency the age at the last repeat order, from the first order (0 when there is none)
 * @param age the time from the first order to the end of the observation window
 * @param monetaryValue the mean value of the repeat orders (0 when there is none); the first
 *     order is left out, as the Gamma-Gamma model is fitted to repeat spending
 */
public record PurchaseSummary(int frequency, double recency, double age, double monetaryValue) {

  public PurchaseSummary {
    if (frequency < 0) {
      throw new IllegalArgumentException("frequency must be >= 0, was " + frequency);
    }
    if (!(age >= 0) || Double.isInfinite(age)) {
      throw new IllegalArgumentException("age must be finite and >= 0, was " + age);
    }
    if (!(recency >= 0 && recency <= age)) {
      throw new IllegalArgumentException("recency must be in [0, age " + age + "], was " + recency);
    }
    if (frequency == 0 && (recency != 0 || monetaryValue != 0)) {
      throw new IllegalArgumentException(
          "recency and monetaryValue must be 0 without repeat orders, were " + recency + " and " + monetaryValue);
    }
    if (!(monetaryValue >= 0) || Double.isInfinite(monetaryValue)) {
      throw new IllegalArgumentException("monetaryValue must be finite and >= 0, was " + monetaryValue);
    }
  }

  /** A history without order values, for the purchase-count model alone. */
  public static PurchaseSummary of(int frequency, double recency, double age) {
    return new PurchaseSummary(frequency, recency, age, 0);
  }

  /** True when there is at least one repeat order. */
  public boolean repeats() {
    return frequency > 0;
  }
}
