package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.ComputedAttributes.MovingWindow;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.CalendarUnit;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.InSegment;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.Window;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * When time alone can change a profile's answer to a segment: the windows the segment uses (on
 * events, on date attributes and, through {@code $computed.NAME}, the moving windows of computed
 * attributes, also through {@code in segment} references), and for a profile the
 * earliest instant after {@code now} at which some event or date enters or leaves one of them.
 *
 * <p>The answer is conservative: it may name an instant at which nothing changes (the check then
 * finds no transition and schedules the next), never one after a real change. Calendar arithmetic
 * is why it adds slack: a month after the 31st clamps to the month's end, and a day may last 23 or
 * 25 hours across a daylight-saving change, so instants a few days (months, years) or an hour
 * (days, weeks) after each computed boundary are candidates too.
 */
final class TimeBoundaries {
  private record EventWindow(@Nullable String type, Window window) {}

  private record PathWindow(Path path, Window window) {}

  private final List<EventWindow> eventWindows;
  private final List<PathWindow> pathWindows;
  private final List<MovingWindow> computedWindows;

  private TimeBoundaries(
      List<EventWindow> eventWindows, List<PathWindow> pathWindows, List<MovingWindow> computed) {
    this.eventWindows = List.copyOf(eventWindows);
    this.pathWindows = List.copyOf(pathWindows);
    this.computedWindows = List.copyOf(computed);
  }

  static TimeBoundaries of(
      Expr expr, Function<String, @Nullable Expr> segments,
      Function<String, Optional<MovingWindow>> computed) {
    List<EventWindow> events = new ArrayList<>();
    List<PathWindow> paths = new ArrayList<>();
    List<String> computedNames = new ArrayList<>();
    collect(expr, segments, events, paths, computedNames, new java.util.HashSet<>());
    List<MovingWindow> windows = new ArrayList<>();
    for (String name : computedNames) {
      computed.apply(name).ifPresent(windows::add);
    }
    return new TimeBoundaries(events, paths, windows);
  }

  /** True when some answer of this segment can change with time alone. */
  boolean timeDependent() {
    return !eventWindows.isEmpty() || !computedWindows.isEmpty()
        || pathWindows.stream().anyMatch(w -> relative(w.window()));
  }

  /** The earliest instant after {@code now} at which the answer may change; null when none. */
  @Nullable Instant next(Profile profile, List<Event> events, Instant now, ZoneId zone) {
    Instant best = null;
    for (EventWindow window : eventWindows) {
      for (Event event : events) {
        if (window.type() == null || window.type().equals(event.type())) {
          best = earliest(best, candidates(window.window(), event.timestamp(), zone), now);
        }
      }
    }
    // A computed value counts an event while now is in [timestamp, timestamp + length).
    for (MovingWindow window : computedWindows) {
      for (Event event : events) {
        if (window.eventType() == null || window.eventType().equals(event.type())) {
          Instant t = event.timestamp();
          best = earliest(best, List.of(t, t.plus(window.length())), now);
        }
      }
    }
    for (PathWindow window : pathWindows) {
      if (!relative(window.window())) {
        continue;
      }
      for (Instant value : instants(profile, window.path(), zone)) {
        best = earliest(best, candidates(window.window(), value, zone), now);
      }
    }
    return best;
  }

  private static @Nullable Instant earliest(@Nullable Instant best, List<Instant> candidates, Instant now) {
    for (Instant candidate : candidates) {
      if (candidate.isAfter(now) && (best == null || candidate.isBefore(best))) {
        best = candidate;
      }
    }
    return best;
  }

  private static boolean relative(Window window) {
    return window instanceof Window.Last || window instanceof Window.Next
        || window instanceof Window.ExactlyAgo || window instanceof Window.MoreThanAgo
        || window instanceof Window.BetweenAgo;
  }

  /** The instants at which {@code t} may enter or leave the window (with calendar slack). */
  private static List<Instant> candidates(Window window, Instant t, ZoneId zone) {
    List<Instant> out = new ArrayList<>();
    out.add(t);
    if (window instanceof Window.Last last) {
      withSlack(out, plus(t, last.amount(), last.unit(), zone), last.unit());
    } else if (window instanceof Window.Next next) {
      withSlack(out, plus(t, -next.amount(), next.unit(), zone), next.unit());
    } else if (window instanceof Window.MoreThanAgo more) {
      withSlack(out, plus(t, more.amount(), more.unit(), zone), more.unit());
    } else if (window instanceof Window.BetweenAgo between) {
      withSlack(out, plus(t, between.from(), between.unit(), zone), between.unit());
      withSlack(out, plus(t, between.to(), between.unit(), zone), between.unit());
    } else if (window instanceof Window.ExactlyAgo exactly) {
      ZonedDateTime start = truncate(t.atZone(zone), exactly.unit());
      withSlack(out, plus(start.toInstant(), exactly.amount(), exactly.unit(), zone), exactly.unit());
      withSlack(out, plus(start.toInstant(), exactly.amount() + 1L, exactly.unit(), zone), exactly.unit());
    }
    return out;
  }

  private static void withSlack(List<Instant> out, Instant boundary, CalendarUnit unit) {
    out.add(boundary);
    switch (unit) {
      case DAY, WEEK -> out.add(boundary.plus(Duration.ofHours(1)));
      case MONTH, YEAR -> {
        out.add(boundary.plus(Duration.ofHours(1)));
        for (int days = 1; days <= 3; days++) {
          out.add(boundary.plus(Duration.ofDays(days)));
        }
      }
      default -> {
        // minutes and hours are exact durations
      }
    }
  }

  private static Instant plus(Instant t, long amount, CalendarUnit unit, ZoneId zone) {
    return t.atZone(zone).plus(amount, chrono(unit)).toInstant();
  }

  private static ChronoUnit chrono(CalendarUnit unit) {
    return switch (unit) {
      case MINUTE -> ChronoUnit.MINUTES;
      case HOUR -> ChronoUnit.HOURS;
      case DAY -> ChronoUnit.DAYS;
      case WEEK -> ChronoUnit.WEEKS;
      case MONTH -> ChronoUnit.MONTHS;
      case YEAR -> ChronoUnit.YEARS;
    };
  }

  private static ZonedDateTime truncate(ZonedDateTime at, CalendarUnit unit) {
    return switch (unit) {
      case MINUTE -> at.truncatedTo(ChronoUnit.MINUTES);
      case HOUR -> at.truncatedTo(ChronoUnit.HOURS);
      case DAY -> at.truncatedTo(ChronoUnit.DAYS);
      case WEEK -> at.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY));
      case MONTH -> at.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
      case YEAR -> at.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
    };
  }

  /** The points in time a profile path holds: ISO dates and date-times, epoch milliseconds. */
  private static List<Instant> instants(Profile profile, Path path, ZoneId zone) {
    List<Instant> out = new ArrayList<>();
    if (path.system()) {
      String field = path.parts().get(0);
      if (field.equals("created_at")) {
        out.add(profile.createdAt());
      } else if (field.equals("updated_at")) {
        out.add(profile.updatedAt());
      }
      return out;
    }
    List<AttributeValue> values = new ArrayList<>();
    collectValues(profile.attributes(), path.parts(), 0, values);
    for (AttributeValue value : values) {
      Instant instant = asInstant(value, zone);
      if (instant != null) {
        out.add(instant);
      }
    }
    return out;
  }

  private static void collectValues(AttributeValue value, List<String> parts, int index, List<AttributeValue> out) {
    if (value instanceof ListValue list) {
      list.items().forEach(item -> collectValues(item, parts, index, out));
    } else if (index == parts.size()) {
      out.add(value);
    } else if (value instanceof ObjectValue object) {
      AttributeValue next = object.fields().get(parts.get(index));
      if (next != null) {
        collectValues(next, parts, index + 1, out);
      }
    }
  }

  private static @Nullable Instant asInstant(AttributeValue value, ZoneId zone) {
    if (value instanceof NumberValue number) {
      return Instant.ofEpochMilli(number.value().longValue());
    }
    if (!(value instanceof TextValue text)) {
      return null;
    }
    String s = text.value().strip();
    try {
      return LocalDate.parse(s).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException notADate) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException notADateTime) {
        try {
          return java.time.LocalDateTime.parse(s).atZone(zone).toInstant();
        } catch (DateTimeParseException nothing) {
          return null;
        }
      }
    }
  }

  /**
   * Whether the events a window covers change as time passes: anytime, on, after and between
   * dates cover fixed instants, future ones included (see InstantRange.of), so a segment whose
   * event conditions all use them needs no time checks, and its store can answer it in one query.
   */
  private static boolean movesWithNow(Window window) {
    return !(window instanceof Window.Anytime || window instanceof Window.On
        || window instanceof Window.After || window instanceof Window.BetweenDates);
  }

  /** Whether a filter tests a value against a window (which may move with now). */
  private static boolean hasWindow(@Nullable Expr filter) {
    if (filter instanceof Or or) {
      return or.args().stream().anyMatch(TimeBoundaries::hasWindow);
    } else if (filter instanceof And and) {
      return and.args().stream().anyMatch(TimeBoundaries::hasWindow);
    } else if (filter instanceof Not not) {
      return hasWindow(not.arg());
    } else if (filter instanceof AnyWhere any) {
      return hasWindow(any.filter());
    }
    return filter instanceof PathCheck check && check.check() instanceof Check.InWindow;
  }

  private static void collect(
      Expr expr, Function<String, @Nullable Expr> segments, List<EventWindow> events, List<PathWindow> paths,
      List<String> computedNames, java.util.Set<String> visited) {
    if (expr instanceof Or or) {
      or.args().forEach(a -> collect(a, segments, events, paths, computedNames, visited));
    } else if (expr instanceof And and) {
      and.args().forEach(a -> collect(a, segments, events, paths, computedNames, visited));
    } else if (expr instanceof Not not) {
      collect(not.arg(), segments, events, paths, computedNames, visited);
    } else if (expr instanceof EventCondition event) {
      if (movesWithNow(event.window()) || hasWindow(event.filter())) {
        events.add(new EventWindow(event.type(), event.window()));
      }
    } else if (expr instanceof PathCheck check && check.path().system()
        && check.path().parts().size() > 1 && check.path().parts().get(0).equals("computed")) {
      computedNames.add(check.path().parts().get(1));
    } else if (expr instanceof PathCheck check && check.check() instanceof Check.InWindow in) {
      paths.add(new PathWindow(check.path(), in.window()));
    } else if (expr instanceof AnyWhere any) {
      collect(any.filter(), segments, events, paths, computedNames, visited);
    } else if (expr instanceof InSegment in && visited.add(in.name())) {
      Expr referenced = segments.apply(in.name());
      if (referenced != null) {
        collect(referenced, segments, events, paths, computedNames, visited);
      }
    }
  }
}
