package io.cdpkit.app.dashboard;

import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.SeriesQuery;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A chart as data: what it counts ({@code source}, with {@code field} naming the profile attribute
 * or event property counted by value), how it is drawn ({@code kind}), the time buckets of an
 * events-over-time chart ({@code interval}, the {@code last} buckets up to the dashboard's now),
 * and its series. Immutable.
 *
 * @param id the store's key; empty before the chart is first saved
 * @throws BadParameterException naming the field that is missing or wrong
 */
public record ChartDefinition(
    String id,
    String title,
    ChartKind kind,
    ChartSource source,
    @Nullable String field,
    Interval interval,
    int last,
    List<ChartSeries> series) {

  /** The most series one chart may have. */
  public static final int MAX_SERIES = 10;

  public ChartDefinition {
    Objects.requireNonNull(id, "id");
    if (title == null || title.isBlank()) {
      throw new BadParameterException("title", "a chart needs a title");
    }
    if (kind == null) {
      throw new BadParameterException("kind", "one of pie, line, bar or table is needed");
    }
    if (source == null) {
      throw new BadParameterException("source", "one of profile_attribute, events_over_time or event_property is needed");
    }
    if (interval == null) {
      throw new BadParameterException("interval", "one of minute, hour, day, week, month or year is needed");
    }
    field = ChartSeries.blankToNull(field);
    series = List.copyOf(series);
    if (source.countsByValue() && field == null) {
      throw new BadParameterException("field", "a " + source.name().toLowerCase(Locale.ROOT)
          + " chart needs the " + (source == ChartSource.PROFILE_ATTRIBUTE ? "profile attribute" : "event property")
          + " to count by value");
    }
    if (last < 1 || last > SeriesQuery.MAX_BUCKETS) {
      throw new BadParameterException("last", "must be 1 to " + SeriesQuery.MAX_BUCKETS + ", was " + last);
    }
    if (series.isEmpty() || series.size() > MAX_SERIES) {
      throw new BadParameterException("series", "a chart needs 1 to " + MAX_SERIES + " series, had " + series.size());
    }
    if (kind == ChartKind.PIE && series.size() != 1) {
      throw new BadParameterException("series", "a pie chart has exactly one series, had " + series.size());
    }
    if (kind == ChartKind.PIE && !source.countsByValue()) {
      throw new BadParameterException("kind", "a pie chart shows counts by value; use line, bar or table for events over time");
    }
    for (int i = 0; i < series.size(); i++) {
      ChartSeries one = series.get(i);
      if (source.countsByValue() && one.aggregation() != Aggregation.COUNT) {
        throw new BadParameterException("series[" + i + "].aggregation", "counts by value only support count");
      }
      if (source == ChartSource.EVENT_PROPERTY && one.eventType() == null) {
        throw new BadParameterException("series[" + i + "].eventType", "an event_property chart needs the event type of each series");
      }
    }
  }

  /** The same chart under another id. */
  public ChartDefinition withId(String newId) {
    return new ChartDefinition(newId, title, kind, source, field, interval, last, series);
  }

  /** The same chart under another title. */
  public ChartDefinition withTitle(String newTitle) {
    return new ChartDefinition(id, newTitle, kind, source, field, interval, last, series);
  }
}
