package io.cdpkit.storage.sqlite.internal.sql;

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
 * The instants an event window covers, worked out in Java from now and the zone exactly as the
 * evaluator does (cdp-segments' README, "Windows"): minutes and hours are durations; days, weeks,
 * months and years are calendar arithmetic on the local date-time in the zone; weeks start on
 * Monday; bounds outside the range of instants are clamped; events after now count only for on,
 * after, between dates and in the next. The query binds the bounds as nanoseconds.
 */

/** A window as a range of instants with open or closed, possibly absent, ends. Immutable. */
record EventWindows(
    @Nullable Instant low, boolean lowInclusive, @Nullable Instant high, boolean highInclusive) {

  /** The instants of {@code window} for events at {@code now} in {@code zone}. */
  static EventWindows of(Window window, Instant now, ZoneId zone) {
    EventWindows interval;
    boolean futureAllowed = false;
    if (window instanceof Window.Anytime) {
      return new EventWindows(null, true, null, true);
    } else if (window instanceof Window.On on) {
      interval = new EventWindows(dayStart(on.date(), zone), true, dayStart(on.date().plusDays(1), zone), false);
      futureAllowed = true;
    } else if (window instanceof Window.Before before) {
      interval = new EventWindows(null, true, dayStart(before.date(), zone), false);
    } else if (window instanceof Window.After after) {
      interval = new EventWindows(dayStart(after.date().plusDays(1), zone), true, null, true);
      futureAllowed = true;
    } else if (window instanceof Window.BetweenDates between) {
      interval = new EventWindows(dayStart(between.from(), zone), true,
          dayStart(between.to().plusDays(1), zone), false);
      futureAllowed = true;
    } else if (window instanceof Window.Last last) {
      interval = new EventWindows(shift(now, -last.amount(), last.unit(), zone), false, now, true);
    } else if (window instanceof Window.Next next) {
      interval = new EventWindows(now, false, shift(now, next.amount(), next.unit(), zone), true);
      futureAllowed = true;
    } else if (window instanceof Window.ExactlyAgo ago) {
      interval = exactlyAgo(ago.amount(), ago.unit(), now, zone);
    } else if (window instanceof Window.MoreThanAgo ago) {
      interval = new EventWindows(null, true, shift(now, -ago.amount(), ago.unit(), zone), true);
    } else if (window instanceof Window.BetweenAgo ago) {
      interval = new EventWindows(shift(now, -ago.to(), ago.unit(), zone), true,
          shift(now, -ago.from(), ago.unit(), zone), false);
    } else {
      throw new IllegalStateException("unknown window " + window);
    }
    return futureAllowed ? interval : interval.notAfter(now);
  }

  /** This range, also ending at {@code now} inclusive. */
  private EventWindows notAfter(Instant now) {
    if (high != null && (high.isBefore(now) || (high.equals(now) && !highInclusive))) {
      return this;
    }
    return new EventWindows(low, lowInclusive, now, true);
  }

  private static Instant dayStart(LocalDate date, ZoneId zone) {
    try {
      return date.atStartOfDay(zone).toInstant();
    } catch (DateTimeException e) {
      return date.getYear() < 1970 ? Instant.MIN : Instant.MAX;
    }
  }

  private static Instant shift(Instant now, long amount, CalendarUnit unit, ZoneId zone) {
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

  private static EventWindows exactlyAgo(int amount, CalendarUnit unit, Instant now, ZoneId zone) {
    try {
      ZonedDateTime local = now.atZone(zone);
      Instant start;
      Instant end;
      switch (unit) {
        case MINUTE:
        case HOUR: {
          Duration step = unit == CalendarUnit.MINUTE ? Duration.ofMinutes(1) : Duration.ofHours(1);
          Instant current = local.truncatedTo(
              unit == CalendarUnit.MINUTE ? ChronoUnit.MINUTES : ChronoUnit.HOURS).toInstant();
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
      return new EventWindows(start, true, end, false);
    } catch (DateTimeException | ArithmeticException e) {
      return new EventWindows(Instant.MIN, false, Instant.MIN, false);
    }
  }
}
