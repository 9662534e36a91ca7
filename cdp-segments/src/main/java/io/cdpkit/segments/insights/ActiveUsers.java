package io.cdpkit.segments.insights;

import java.time.YearMonth;
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

  /** Every active profile. */
  public long total() {
    return identified + anonymous;
  }
}
