package io.cdpkit.segments.spi;

import io.cdpkit.segments.ast.CalendarUnit;
import io.cdpkit.segments.ast.Window;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import org.jspecify.annotations.Nullable;

/*
 * A window becomes an interval of instants at evaluation time (it depends on now and the zone).
 * Minutes and hours are exact durations; days, weeks, months and years are calendar arithmetic on
 * the local date-time in the zone, so "in the last 1 day" across a DST change ends at the same
 * wall-clock time yesterday. Weeks start on Monday (ISO). A bound that leaves the supported range
 * of instants is clamped to the
 * first or last instant, which is what it means.
 */

/**
 * A range of instants with open or closed, possibly absent, ends: what a segment's time window
 * covers at one instant in one zone. Part of the SPI so that a store's query compiler binds
 * exactly the bounds the evaluator tests. Immutable and thread-safe.
 */
public record InstantRange(
    @Nullable Instant low, boolean lowInclusive, @Nullable Instant high, boolean highInclusive) {
  public static final InstantRange ALL = new InstantRange(null, true, null, true);

  public boolean contains(Instant t) {
    if (low != null) {
      int c = t.compareTo(low);
      if (c < 0 || (c == 0 && !lowInclusive)) {
        return false;
      }
    }
    if (high != null) {
      int c = t.compareTo(high);
      return c < 0 || (c == 0 && highInclusive);
    }
    return true;
  }

  /** This interval, also ending at {@code now} inclusive. */
  public InstantRange notAfter(Instant now) {
    if (high != null && (high.isBefore(now) || (high.equals(now) && !highInclusive))) {
      return this;
    }
    return new InstantRange(low, lowInclusive, now, true);
  }

  @Override
  public String toString() {
    return (lowInclusive ? "[" : "(") + low + ", " + high + (highInclusive ? "]" : ")");
  }

  /**
   * The instants a window covers. For events ({@code forEvents}), instants after {@code now}
   * count only for anytime, on, after, between dates and in the next.
   */
  public static InstantRange of(Window window, Instant now, ZoneId zone, boolean forEvents) {
    InstantRange interval;
    boolean futureAllowed = false;
    if (window instanceof Window.Anytime) {
      return ALL;
    } else if (window instanceof Window.On on) {
      interval = new InstantRange(dayStart(on.date(), zone), true, dayStart(on.date().plusDays(1), zone), false);
      futureAllowed = true;
    } else if (window instanceof Window.Before before) {
      interval = new InstantRange(null, true, dayStart(before.date(), zone), false);
    } else if (window instanceof Window.After after) {
      interval = new InstantRange(dayStart(after.date().plusDays(1), zone), true, null, true);
      futureAllowed = true;
    } else if (window instanceof Window.BetweenDates between) {
      interval = new InstantRange(dayStart(between.from(), zone), true,
          dayStart(between.to().plusDays(1), zone), false);
      futureAllowed = true;
    } else if (window instanceof Window.Last last) {
      interval = new InstantRange(shift(now, -last.amount(), last.unit(), zone), false, now, true);
    } else if (window instanceof Window.Next next) {
      interval = new InstantRange(now, false, shift(now, next.amount(), next.unit(), zone), true);
      futureAllowed = true;
    } else if (window instanceof Window.ExactlyAgo ago) {
      interval = exactlyAgo(ago.amount(), ago.unit(), now, zone);
    } else if (window instanceof Window.MoreThanAgo ago) {
      interval = new InstantRange(null, true, shift(now, -ago.amount(), ago.unit(), zone), true);
    } else if (window instanceof Window.BetweenAgo ago) {
      interval = new InstantRange(shift(now, -ago.to(), ago.unit(), zone), true,
          shift(now, -ago.from(), ago.unit(), zone), false);
    } else {
      throw new IllegalStateException("unknown window " + window);
    }
    return forEvents && !futureAllowed ? interval.notAfter(now) : interval;
  }

  /** The first instant of the date in the zone, clamped to the range of instants. */
  public static Instant dayStart(LocalDate date, ZoneId zone) {
    try {
      return date.atStartOfDay(zone).toInstant();
    } catch (DateTimeException e) {
      return date.getYear() < 1970 ? Instant.MIN : Instant.MAX;
    }
  }

  /** {@code now} moved by {@code amount} units, clamped to the range of instants. */
  static Instant shift(Instant now, long amount, CalendarUnit unit, ZoneId zone) {
    try {
      switch (unit) {
        case MINUTE:
          return now.plus(Duration.ofMinutes(amount));
        case HOUR:
          return now.plus(Duration.ofHours(amount));
        case DAY:
          return now.atZone(zone).plusDays(amount).toInstant();
        case WEEK:
          return now.atZone(zone).plusWeeks(amount).toInstant();
        case MONTH:
          return now.atZone(zone).plusMonths(amount).toInstant();
        default:
          return now.atZone(zone).plusYears(amount).toInstant();
      }
    } catch (DateTimeException | ArithmeticException e) {
      return amount < 0 ? Instant.MIN : Instant.MAX;
    }
  }

  private static InstantRange exactlyAgo(int amount, CalendarUnit unit, Instant now, ZoneId zone) {
    try {
      ZonedDateTime local = now.atZone(zone);
      Instant start;
      Instant end;
      switch (unit) {
        case MINUTE:
        case HOUR: {
          Duration step = unit == CalendarUnit.MINUTE ? Duration.ofMinutes(1) : Duration.ofHours(1);
          Instant current = local.truncatedTo(unit == CalendarUnit.MINUTE ? ChronoUnit.MINUTES : ChronoUnit.HOURS).toInstant();
          start = current.minus(step.multipliedBy(amount));
          end = start.plus(step);
          break;
        }
        case DAY: {
          LocalDate day = local.toLocalDate().minusDays(amount);
          start = day.atStartOfDay(zone).toInstant();
          end = day.plusDays(1).atStartOfDay(zone).toInstant();
          break;
        }
        case WEEK: {
          LocalDate monday = local.toLocalDate()
              .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(amount);
          start = monday.atStartOfDay(zone).toInstant();
          end = monday.plusWeeks(1).atStartOfDay(zone).toInstant();
          break;
        }
        case MONTH: {
          LocalDate first = local.toLocalDate().withDayOfMonth(1).minusMonths(amount);
          start = first.atStartOfDay(zone).toInstant();
          end = first.plusMonths(1).atStartOfDay(zone).toInstant();
          break;
        }
        default: {
          LocalDate first = local.toLocalDate().withDayOfYear(1).minusYears(amount);
          start = first.atStartOfDay(zone).toInstant();
          end = first.plusYears(1).atStartOfDay(zone).toInstant();
          break;
        }
      }
      return new InstantRange(start, true, end, false);
    } catch (DateTimeException | ArithmeticException e) {
      return new InstantRange(Instant.MIN, false, Instant.MIN, false);
    }
  }
}
