package io.cdpkit.segments.insights;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Statistics of one event type.
 *
 * @param count events of the type
 * @param profiles distinct profiles with at least one
 * @param topValues the most frequent values of the chosen property, most frequent first (ties by
 *     value text); empty when no property was chosen
 * @param firstSeen the earliest timestamp; null when there are none
 * @param lastSeen the latest timestamp; null when there are none
 */
public record EventInsights(
    String type,
    long count,
    long profiles,
    List<ValueCount> topValues,
    @Nullable Instant firstSeen,
    @Nullable Instant lastSeen) {
  public EventInsights {
    Objects.requireNonNull(type, "type");
    topValues = List.copyOf(topValues);
  }
}
