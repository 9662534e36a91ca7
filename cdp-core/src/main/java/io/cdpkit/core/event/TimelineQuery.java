package io.cdpkit.core.event;

import io.cdpkit.core.Page;
import io.cdpkit.core.internal.Checks;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A page of one profile's events, newest first (by timestamp, then id), optionally only some types
 * and only {@code from <= timestamp < to}.
 */
public record TimelineQuery(
    Set<String> types,
    @Nullable Instant from,
    @Nullable Instant to,
    int limit,
    @Nullable String cursor) {
  public static final int MAX_LIMIT = 10_000;

  public TimelineQuery {
    types = Set.copyOf(types);
    Checks.range("limit", limit, 1, MAX_LIMIT);
  }

  /** The newest {@code limit} events of every type. */
  public static TimelineQuery latest(int limit) {
    return new TimelineQuery(Set.of(), null, null, limit, null);
  }

  public TimelineQuery ofTypes(String... eventTypes) {
    return new TimelineQuery(Set.of(eventTypes), from, to, limit, null);
  }

  public TimelineQuery between(@Nullable Instant fromInclusive, @Nullable Instant toExclusive) {
    return new TimelineQuery(types, fromInclusive, toExclusive, limit, null);
  }

  /** The query for the page after {@code page}. */
  public TimelineQuery after(Page<?> page) {
    return new TimelineQuery(types, from, to, limit, page.next());
  }

  /** True when the event passes the type and time filters (not the cursor). */
  public boolean matches(Event event) {
    return (types.isEmpty() || types.contains(event.type()))
        && (from == null || !event.timestamp().isBefore(from))
        && (to == null || event.timestamp().isBefore(to));
  }
}
