package io.cdpkit.segments.insights;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/** The width of a time series bucket, counted in a zone (weeks start on Monday). */
public enum Interval {
  MINUTE,
  HOUR,
  DAY,
  WEEK,
  MONTH,
  YEAR;

  /** The start of the bucket holding {@code instant}, in {@code zone}. */
  public Instant truncate(Instant instant, ZoneId zone) {
    ZonedDateTime time = instant.atZone(zone);
    switch (this) {
      case MINUTE:
        return time.truncatedTo(ChronoUnit.MINUTES).toInstant();
      case HOUR:
        return time.truncatedTo(ChronoUnit.HOURS).toInstant();
      case DAY:
        return time.truncatedTo(ChronoUnit.DAYS).toInstant();
      case WEEK:
        return time.truncatedTo(ChronoUnit.DAYS)
            .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
      case MONTH:
        return time.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
      case YEAR:
      default:
        return time.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1).toInstant();
    }
  }

  /** The bucket start {@code units} buckets after the bucket start {@code start}. */
  public Instant plus(Instant start, long units, ZoneId zone) {
    ZonedDateTime time = start.atZone(zone);
    switch (this) {
      case MINUTE:
        return time.plusMinutes(units).toInstant();
      case HOUR:
        return time.plusHours(units).toInstant();
      case DAY:
        return time.plusDays(units).toInstant();
      case WEEK:
        return time.plusWeeks(units).toInstant();
      case MONTH:
        return time.plusMonths(units).toInstant();
      case YEAR:
      default:
        return time.plusYears(units).toInstant();
    }
  }
}
