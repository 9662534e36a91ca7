package io.cdpkit.segments.ast;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A time window on a date attribute or on events' timestamps. Dates are whole calendar days in the
 * evaluation's zone; relative windows count back or forward from the evaluation's {@code now}.
 * Immutable and thread-safe.
 */
public sealed interface Window {

  /** {@code anytime}: any value or event. */
  record Anytime() implements Window {}

  /** {@code on D}: within the day. */
  record On(LocalDate date) implements Window {
    public On {
      Objects.requireNonNull(date, "date");
    }
  }

  /** {@code before D}: strictly before the day starts. */
  record Before(LocalDate date) implements Window {
    public Before {
      Objects.requireNonNull(date, "date");
    }
  }

  /** {@code after D}: from the end of the day on. */
  record After(LocalDate date) implements Window {
    public After {
      Objects.requireNonNull(date, "date");
    }
  }

  /** {@code between D1 and D2}: from the start of {@code from} to the end of {@code to}. */
  record BetweenDates(LocalDate from, LocalDate to) implements Window {
    public BetweenDates {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  /** {@code in the last N unit} (also written {@code in the past}): {@code now - N < t <= now}. */
  record Last(int amount, CalendarUnit unit) implements Window {
    public Last {
      Objects.requireNonNull(unit, "unit");
    }
  }

  /** {@code in the next N unit}: {@code now < t <= now + N}. */
  record Next(int amount, CalendarUnit unit) implements Window {
    public Next {
      Objects.requireNonNull(unit, "unit");
    }
  }

  /** {@code exactly N unit ago}: the whole calendar unit N units before the current one. */
  record ExactlyAgo(int amount, CalendarUnit unit) implements Window {
    public ExactlyAgo {
      Objects.requireNonNull(unit, "unit");
    }
  }

  /** {@code more than N unit ago}: {@code t <= now - N}. */
  record MoreThanAgo(int amount, CalendarUnit unit) implements Window {
    public MoreThanAgo {
      Objects.requireNonNull(unit, "unit");
    }
  }

  /** {@code between N and M unit ago}: {@code now - M <= t < now - N}. */
  record BetweenAgo(int from, int to, CalendarUnit unit) implements Window {
    public BetweenAgo {
      Objects.requireNonNull(unit, "unit");
    }
  }
}
