package io.cdpkit.core.spi;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.event.Event;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The opaque page cursors every store uses, so that a cursor from one store means the same in
 * another: offsets for profile lists, (timestamp, id) keys for timelines.
 */
public final class Cursors {
  private Cursors() {}

  public static String offset(long offset) {
    return encode("o" + offset);
  }

  public static long offsetOf(String cursor) {
    String raw = decode(cursor);
    try {
      if (raw.startsWith("o")) {
        long offset = Long.parseLong(raw.substring(1));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new InvalidInputException("cursor", cursor, "is not a profile page cursor");
  }

  /** The position just after {@code last} in a newest-first timeline. */
  public static String timeline(Event last) {
    return encode("t" + last.timestamp() + "\n" + last.id());
  }

  /** The (timestamp, id) of a timeline cursor. */
  public static TimelineKey timelineKey(String cursor) {
    String raw = decode(cursor);
    int newline = raw.indexOf('\n');
    if (raw.startsWith("t") && newline > 1) {
      try {
        return new TimelineKey(Instant.parse(raw.substring(1, newline)), raw.substring(newline + 1));
      } catch (DateTimeParseException e) {
        // falls through to the error below
      }
    }
    throw new InvalidInputException("cursor", cursor, "is not a timeline cursor");
  }

  /** A timeline position: events strictly older than this key come next. */
  public record TimelineKey(Instant timestamp, String id) {
    /** True when {@code event} sorts after this key in newest-first order. */
    public boolean isBefore(Event event) {
      int byTime = event.timestamp().compareTo(timestamp);
      return byTime < 0 || (byTime == 0 && CodePoints.compare(event.id(), id) < 0);
    }
  }

  private static String encode(String raw) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String cursor) {
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("cursor", cursor, "is not a cursor returned by a page");
    }
  }
}
