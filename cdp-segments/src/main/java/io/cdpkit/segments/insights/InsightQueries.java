package io.cdpkit.segments.insights;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The port insights are computed through. Each method is one aggregate query, expressible as one
 * SQL statement over the profile and event tables (a series as a {@code GROUP BY} bucket with a
 * segment compiled to a {@code WHERE} clause), so a store can answer it without a scan in Java.
 * {@link InMemoryInsightQueries} computes the answers from any store. Implementations are
 * thread-safe. The contract kit is {@code InsightQueriesContract} in the segments test-jar.
 */
public interface InsightQueries {

  /**
   * Statistics of one event type.
   *
   * @param property the property whose top values to count, or null for none
   * @param top how many top values, at least 1
   */
  EventInsights eventInsights(String type, @Nullable String property, int top);

  /** One series; every bucket of the range present, empty ones as 0. */
  Series series(SeriesQuery query);

  /**
   * Profiles over time for a channel, one entry per calendar day in {@code zone} from {@code first}
   * to {@code last} inclusive: the profiles created before the day's end, and how many of them are
   * reachable on the channel at {@code now} by the Cdp's reachability policy (consent, identifier,
   * deliverability and opt-out as they are now, not as they were on that day: a store keeps the
   * current identifiers and deliverability only). As SQL: profiles grouped by creation day with a
   * reachability flag, summed cumulatively over the days.
   *
   * @throws IllegalArgumentException when {@code last} is before {@code first} or the range is
   *     longer than {@link SeriesQuery#MAX_BUCKETS} days
   */
  List<ReachabilityDay> reachabilityByDay(
      String channel, LocalDate first, LocalDate last, ZoneId zone, Instant now);

  /**
   * Monthly active users: the identified and anonymous profiles with at least one event in the
   * month (in {@code zone}) whose type is not in {@code inactiveTypes}. As SQL: the distinct
   * owners of the month's active events, split by whether they hold a non-anonymous identifier.
   */
  ActiveUsers activeUsers(YearMonth month, ZoneId zone, Set<String> inactiveTypes);

  /**
   * {@link #activeUsers(YearMonth, ZoneId, Set)} of each month from {@code first} to {@code last}
   * inclusive, in order. A store answers it in one query (months as rows joined to the profiles);
   * this default asks month by month.
   *
   * @throws IllegalArgumentException when {@code last} is before {@code first} or the range is
   *     longer than {@link SeriesQuery#MAX_BUCKETS} months
   */
  default List<ActiveUsers> activeUsers(
      YearMonth first, YearMonth last, ZoneId zone, Set<String> inactiveTypes) {
    List<ActiveUsers> months = new ArrayList<>();
    for (YearMonth month : ActiveUsers.months(first, last)) {
      months.add(activeUsers(month, zone, inactiveTypes));
    }
    return months;
  }
}
