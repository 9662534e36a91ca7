package io.cdpkit.core.spi;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.profile.ProfileQuery;
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

  /**
   * The cursor of the profile page starting at {@code offset} in {@code query}'s order. It names
   * that order, so that it is refused under another.
   */
  public static String offset(long offset, ProfileQuery query) {
    return encode("o" + offset + "\n" + sortOf(query));
  }

  /**
   * The offset a profile page cursor starts at.
   *
   * @throws InvalidInputException when it is not a profile page cursor, or was made for a query
   *     sorted another way
   */
  public static long offsetOf(String cursor, ProfileQuery query) {
    String raw = decode(cursor);
    int newline = raw.indexOf('\n');
    String position = newline < 0 ? raw : raw.substring(0, newline);
    long offset = -1;
    try {
      if (position.startsWith("o")) {
        offset = Long.parseLong(position.substring(1));
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    if (offset < 0) {
      throw new InvalidInputException("cursor", cursor, "is not a profile page cursor");
    }
    // A cursor from before cursors named their order was made for the default order.
    String sort = newline < 0 ? sortOf(ProfileQuery.firstPage(1)) : raw.substring(newline + 1);
    if (!sort.equals(sortOf(query))) {
      throw new InvalidInputException("cursor", cursor, "belongs to a page sorted by "
          + describe(sort) + ", not by " + describe(sortOf(query))
          + "; start again from the first page");
    }
    return offset;
  }

  private static String sortOf(ProfileQuery query) {
    return (query.descending() ? "-" : "+") + query.sortBy();
  }

  private static String describe(String sort) {
    return sort.substring(1) + (sort.startsWith("-") ? " descending" : " ascending");
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
