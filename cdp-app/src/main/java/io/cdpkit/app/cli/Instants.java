package io.cdpkit.app.cli;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.jspecify.annotations.Nullable;

/**
 * How the tool's text output prints an instant: to the second, with milliseconds only when the
 * stored instant is a whole number of them, as an imported or tracked timestamp such as
 * {@code 2026-06-01T10:00:00.250Z} is. A clock reading ({@code created}, an audit entry) carries
 * micro- or nanoseconds that tell a reader nothing, so it prints to the second. {@code --json}
 * prints the instant as stored.
 */
final class Instants {
  private static final int NANOS_PER_MILLI = 1_000_000;

  private Instants() {}

  /** The instant as text; {@code -} for none. */
  static String text(@Nullable Instant instant) {
    if (instant == null) {
      return "-";
    }
    return instant.getNano() % NANOS_PER_MILLI == 0
        ? instant.toString()
        : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
