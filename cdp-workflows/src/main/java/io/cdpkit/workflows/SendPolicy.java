package io.cdpkit.workflows;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * When a workflow's email and message steps may send: quiet hours in the profile's own time zone,
 * and frequency caps per profile and channel counted across all workflows of the engine. HTTP
 * calls are not sends to a person and ignore both. Immutable.
 *
 * <pre>{@code
 * SendPolicy.none()
 *     .withQuietHours(new SendPolicy.QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0),
 *         "timezone", ZoneId.of("Europe/Amsterdam"), SendPolicy.QuietAction.HOLD))
 *     .withCap(new SendPolicy.FrequencyCap("email", 3, Duration.ofDays(7)));
 * }</pre>
 *
 * @param quietHours the quiet hours, or null for none
 * @param caps the frequency caps
 */
public record SendPolicy(@Nullable QuietHours quietHours, List<FrequencyCap> caps) {
  private static final SendPolicy NONE = new SendPolicy(null, List.of());

  public SendPolicy {
    caps = List.copyOf(caps);
  }

  /** No quiet hours, no caps. */
  public static SendPolicy none() {
    return NONE;
  }

  public SendPolicy withQuietHours(QuietHours value) {
    return new SendPolicy(Objects.requireNonNull(value, "quietHours"), caps);
  }

  public SendPolicy withCap(FrequencyCap cap) {
    List<FrequencyCap> more = new java.util.ArrayList<>(caps);
    more.add(Objects.requireNonNull(cap, "cap"));
    return new SendPolicy(quietHours, more);
  }

  public Optional<QuietHours> findQuietHours() {
    return Optional.ofNullable(quietHours);
  }

  /** What a send that falls in quiet hours does. */
  public enum QuietAction {
    /** Waits until the quiet hours end, then sends. */
    HOLD,
    /** Is skipped (recorded with the reason) and the enrollment goes on. */
    SKIP
  }

  /**
   * Local times in which nothing is sent. {@code from} after {@code to} spans midnight (21:00 to
   * 08:00); equal times mean no quiet hours.
   *
   * @param from the start, inclusive
   * @param to the end, exclusive
   * @param zoneAttribute the profile attribute holding a zone id such as {@code Europe/Paris}
   * @param defaultZone the zone when the attribute is missing or not a zone
   * @param action what a send in quiet hours does
   */
  public record QuietHours(
      LocalTime from, LocalTime to, String zoneAttribute, ZoneId defaultZone, QuietAction action) {
    public QuietHours {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(zoneAttribute, "zoneAttribute");
      Objects.requireNonNull(defaultZone, "defaultZone");
      Objects.requireNonNull(action, "action");
    }

    /** True when {@code time} falls within the quiet hours. */
    public boolean contains(LocalTime time) {
      if (from.equals(to)) {
        return false;
      }
      if (from.isBefore(to)) {
        return !time.isBefore(from) && time.isBefore(to);
      }
      return !time.isBefore(from) || time.isBefore(to);
    }
  }

  /**
   * At most {@code max} sends on {@code channel} to one profile per {@code period}, counting the
   * delivered sends of every workflow; a send over the cap is skipped and recorded.
   */
  public record FrequencyCap(String channel, int max, Duration period) {
    /**
     * @throws IllegalArgumentException for a max below 1 or a period that is not positive
     */
    public FrequencyCap {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(period, "period");
      if (max < 1) {
        throw new IllegalArgumentException("max must be at least 1, was " + max);
      }
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive, was " + period);
      }
    }
  }
}
