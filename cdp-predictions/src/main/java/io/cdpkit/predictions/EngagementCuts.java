package io.cdpkit.predictions;

import io.cdpkit.predictions.model.PurchaseSummary;
import java.util.Collection;

/**
 * The population's tertiles of recency (days since the last order) and of repeat-order frequency,
 * against which {@link Engagement} is judged. A customer scores 0 to 2 on each: on recency, how
 * many of the two recency cuts their days since the last order are at or under; on frequency,
 * how many of the two frequency cuts they exceed. A total of 3 or 4 is high, 2 medium, 0 or 1 low.
 * Immutable.
 *
 * @param recentDays the first tertile of days since the last order (the most recent third)
 * @param lapsedDays the second tertile of days since the last order
 * @param lowFrequency the first tertile of repeat orders
 * @param highFrequency the second tertile of repeat orders
 */
public record EngagementCuts(double recentDays, double lapsedDays, double lowFrequency, double highFrequency) {

  /** The cuts of these customers' histories (at least one). */
  public static EngagementCuts of(Collection<PurchaseSummary> customers) {
    if (customers.isEmpty()) {
      throw new IllegalArgumentException("engagement cuts need at least one customer");
    }
    double[] sinceLast = customers.stream().mapToDouble(c -> c.age() - c.recency()).sorted().toArray();
    double[] frequency = customers.stream().mapToDouble(PurchaseSummary::frequency).sorted().toArray();
    return new EngagementCuts(
        tertile(sinceLast, 1), tertile(sinceLast, 2), tertile(frequency, 1), tertile(frequency, 2));
  }

  /** The customer's engagement against these cuts. */
  public Engagement engagement(PurchaseSummary customer) {
    double sinceLast = customer.age() - customer.recency();
    int score = (sinceLast <= lapsedDays ? 1 : 0) + (sinceLast <= recentDays ? 1 : 0)
        + (customer.frequency() > lowFrequency ? 1 : 0) + (customer.frequency() > highFrequency ? 1 : 0);
    return score >= 3 ? Engagement.HIGH : score == 2 ? Engagement.MEDIUM : Engagement.LOW;
  }

  private static double tertile(double[] sorted, int which) {
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(sorted.length * which / 3.0))];
  }
}
