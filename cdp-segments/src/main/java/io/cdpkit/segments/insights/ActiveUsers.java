package io.cdpkit.segments.insights;

import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Monthly active users: profiles with at least one active event (a type not in the inactive list)
 * timestamped in the month, in the query's zone.
 *
 * @param identified active profiles holding an identifier of a type other than {@code
 *     anonymous_id}
 * @param anonymous active profiles holding none
 */
public record ActiveUsers(YearMonth month, long identified, long anonymous) {

  /**
   * The event types that do not make a profile active by default: consent, reachability and list
   * subscription changes, compliance records and campaign sends, which the business, not the
   * person, causes.
   */
  public static final Set<String> DEFAULT_INACTIVE_TYPES =
      Set.of("consent", "reachability", "list_subscription", "compliance", "campaign_sent");

  public ActiveUsers {
    Objects.requireNonNull(month, "month");
    if (identified < 0 || anonymous < 0) {
      throw new IllegalArgumentException("counts must not be negative: " + identified + ", " + anonymous);
    }
  }

  /**
   * The months from {@code first} to {@code last} inclusive.
   *
   * @throws IllegalArgumentException when {@code last} is before {@code first} or there are more
   *     than {@link SeriesQuery#MAX_BUCKETS}
   */
  public static List<YearMonth> months(YearMonth first, YearMonth last) {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(last, "last");
    long count = first.until(last, ChronoUnit.MONTHS) + 1;
    if (count < 1 || count > SeriesQuery.MAX_BUCKETS) {
      throw new IllegalArgumentException(
          "months from " + first + " to " + last + " must be 1 to " + SeriesQuery.MAX_BUCKETS);
    }
    List<YearMonth> months = new ArrayList<>();
    for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
      months.add(month);
    }
    return months;
  }

  /** Every active profile. */
  public long total() {
    return identified + anonymous;
  }
}
