package io.cdpkit.workflows.internal.engine;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/** Reads the date a wait-until-time step waits for from profile or event data. */
final class DateText {
  private DateText() {}

  /**
   * The instant the text names: an offset date-time, a local date-time or date in the zone, or
   * epoch milliseconds; null when it is none of these.
   */
  static @Nullable Instant parse(String text, ZoneId zone) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      // not an offset date-time; the forms below are tried in turn
    }
    try {
      return LocalDateTime.parse(text).atZone(zone).toInstant();
    } catch (DateTimeException e) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(text).atStartOfDay(zone).toInstant();
    } catch (DateTimeException e) {
      // not a date
    }
    try {
      return Instant.ofEpochMilli((long) Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
