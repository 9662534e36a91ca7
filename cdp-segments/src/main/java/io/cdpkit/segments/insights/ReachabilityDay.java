package io.cdpkit.segments.insights;

import java.time.LocalDate;
import java.util.Objects;

/**
 * Profiles on one day of a "profiles over time" chart for a channel.
 *
 * @param day the calendar day in the query's zone
 * @param total profiles created before the day's end (in the zone) and not deleted since
 * @param reachable those of them reachable on the channel now (see {@link
 *     InsightQueries#reachabilityByDay})
 */
public record ReachabilityDay(LocalDate day, long total, long reachable) {
  public ReachabilityDay {
    Objects.requireNonNull(day, "day");
    if (reachable < 0 || reachable > total) {
      throw new IllegalArgumentException("reachable must be 0 to total (" + total + "), was " + reachable);
    }
  }

  /** The profiles of {@link #total()} not reachable on the channel. */
  public long unreachable() {
    return total - reachable;
  }
}
