package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.Insights;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Computes a {@link ChartDefinition}'s {@link ChartData} with the insights API:
 *
 * <ul>
 *   <li>events over time: one {@link SeriesQuery} per series, the chart's last N buckets up to the
 *       clock's now, in the Cdp's zone;
 *   <li>event property: {@link Insights#events} top values for a series without segment and filter;
 *       otherwise the timelines of the segment's members, filtered;
 *   <li>profile attribute: profiles (of each series' segment) counted by the attribute's value.
 * </ul>
 *
 * Value counts keep the {@value #MAX_VALUES} most frequent values (by their total over the series)
 * and add the rest up as {@value #OTHER}. Thread-safe.
 */
public final class ChartQueries {
  /** The most values a value-count chart shows before adding up the rest. */
  public static final int MAX_VALUES = 20;
  /** The label of the values beyond {@link #MAX_VALUES}. */
  public static final String OTHER = "(other)";
  /** The label of profiles without the attribute. */
  public static final String NONE = "(none)";
  private static final int PAGE = 1_000;

  private final Segments segments;
  private final Insights insights;
  private final Clock clock;

  public ChartQueries(Segments segments, Insights insights, Clock clock) {
    this.segments = Objects.requireNonNull(segments, "segments");
    this.insights = Objects.requireNonNull(insights, "insights");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The chart's current numbers. */
  public ChartData compute(ChartDefinition chart) {
    switch (chart.source()) {
      case EVENTS_OVER_TIME:
        return overTime(chart);
      case EVENT_PROPERTY:
        return byValue(chart, this::eventPropertyCounts);
      case PROFILE_ATTRIBUTE:
      default:
        return byValue(chart, this::attributeCounts);
    }
  }

  private ChartData overTime(ChartDefinition chart) {
    Cdp cdp = segments.cdp();
    ZoneId zone = cdp.zone();
    List<String> labels = new ArrayList<>();
    List<ChartData.Dataset> datasets = new ArrayList<>();
    for (ChartSeries one : chart.series()) {
      SeriesQuery.Builder query = SeriesQuery.builder(one.name(), chart.interval())
          .zone(zone)
          .last(chart.last(), clock.instant())
          .eventType(one.eventType())
          .aggregation(one.aggregation(), one.property())
          .segment(one.segmentExpression());
      one.where().forEach((property, value) -> query.where(property, typed(value)));
      Series series = insights.series(query.build());
      List<BigDecimal> values = new ArrayList<>();
      List<String> bucketLabels = new ArrayList<>();
      for (Bucket bucket : series.buckets()) {
        bucketLabels.add(label(bucket, chart.interval(), zone));
        values.add(bucket.value());
      }
      if (datasets.isEmpty()) {
        labels = bucketLabels;
      }
      datasets.add(new ChartData.Dataset(one.name(), one.yLabel(), values));
    }
    return new ChartData(labels, datasets);
  }

  private static String label(Bucket bucket, Interval interval, ZoneId zone) {
    DateTimeFormatter format = switch (interval) {
      case MINUTE, HOUR -> DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
      case MONTH -> DateTimeFormatter.ofPattern("yyyy-MM");
      case YEAR -> DateTimeFormatter.ofPattern("yyyy");
      default -> DateTimeFormatter.ISO_LOCAL_DATE;
    };
    return bucket.start().atZone(zone).format(format);
  }

  private interface ValueCounter {
    Map<String, Long> count(ChartDefinition chart, ChartSeries series);
  }

  private ChartData byValue(ChartDefinition chart, ValueCounter counter) {
    List<Map<String, Long>> counts = new ArrayList<>();
    Map<String, Long> totals = new HashMap<>();
    for (ChartSeries one : chart.series()) {
      Map<String, Long> seriesCounts = counter.count(chart, one);
      counts.add(seriesCounts);
      seriesCounts.forEach((value, count) -> totals.merge(value, count, Long::sum));
    }
    List<String> ordered = new ArrayList<>(totals.keySet());
    ordered.sort(Comparator.comparing((String value) -> totals.get(value)).reversed()
        .thenComparing(Comparator.naturalOrder()));
    List<String> shown = ordered.size() > MAX_VALUES ? ordered.subList(0, MAX_VALUES) : ordered;
    boolean other = ordered.size() > MAX_VALUES;
    List<String> labels = new ArrayList<>(shown);
    if (other) {
      labels.add(OTHER);
    }
    List<ChartData.Dataset> datasets = new ArrayList<>();
    for (int i = 0; i < chart.series().size(); i++) {
      Map<String, Long> seriesCounts = counts.get(i);
      List<BigDecimal> values = new ArrayList<>();
      long rest = 0;
      for (String value : shown) {
        values.add(BigDecimal.valueOf(seriesCounts.getOrDefault(value, 0L)));
      }
      for (String value : ordered.subList(shown.size(), ordered.size())) {
        rest += seriesCounts.getOrDefault(value, 0L);
      }
      if (other) {
        values.add(BigDecimal.valueOf(rest));
      }
      ChartSeries one = chart.series().get(i);
      datasets.add(new ChartData.Dataset(one.name(), one.yLabel(), values));
    }
    return new ChartData(labels, datasets);
  }

  private Map<String, Long> attributeCounts(ChartDefinition chart, ChartSeries series) {
    String field = Objects.requireNonNull(chart.field(), "field");
    @Nullable Set<String> members = series.segment() == null ? null : new HashSet<>(segments.matching(series.segment()));
    Map<String, Long> counts = new LinkedHashMap<>();
    ProfileQuery query = ProfileQuery.firstPage(PAGE);
    while (true) {
      Page<Profile> page = segments.cdp().profiles(query);
      for (Profile profile : page.items()) {
        if (members == null || members.contains(profile.id())) {
          String value = profile.attribute(field).filter(v -> !v.isNull()).map(ChartQueries::text).orElse(NONE);
          counts.merge(value, 1L, Long::sum);
        }
      }
      if (!page.hasNext()) {
        return counts;
      }
      query = query.after(page);
    }
  }

  private Map<String, Long> eventPropertyCounts(ChartDefinition chart, ChartSeries series) {
    String property = Objects.requireNonNull(chart.field(), "field");
    String type = Objects.requireNonNull(series.eventType(), "eventType");
    Map<String, Long> counts = new LinkedHashMap<>();
    if (series.segment() == null && series.where().isEmpty()) {
      for (ValueCount value : insights.events(type, property, Integer.MAX_VALUE).topValues()) {
        counts.merge(fromJson(value.value()), value.count(), Long::sum);
      }
      return counts;
    }
    List<String> members = series.segment() == null ? allProfileIds() : segments.matching(series.segment());
    for (String profileId : members) {
      TimelineQuery query = TimelineQuery.latest(PAGE).ofTypes(type);
      while (true) {
        Page<Event> page = segments.cdp().timeline(profileId, query);
        for (Event event : page.items()) {
          if (matches(event, series.where())) {
            event.properties().get(property).filter(v -> !v.isNull())
                .ifPresent(v -> counts.merge(text(v), 1L, Long::sum));
          }
        }
        if (!page.hasNext()) {
          break;
        }
        query = query.after(page);
      }
    }
    return counts;
  }

  private List<String> allProfileIds() {
    List<String> ids = new ArrayList<>();
    ProfileQuery query = ProfileQuery.firstPage(PAGE);
    while (true) {
      Page<Profile> page = segments.cdp().profiles(query);
      page.items().forEach(profile -> ids.add(profile.id()));
      if (!page.hasNext()) {
        return ids;
      }
      query = query.after(page);
    }
  }

  private static boolean matches(Event event, Map<String, String> where) {
    for (Map.Entry<String, String> entry : where.entrySet()) {
      AttributeValue value = event.properties().get(entry.getKey()).orElse(null);
      if (value == null || !(text(value).equals(entry.getValue())
          || AttributeValue.of(typed(entry.getValue())).equals(value))) {
        return false;
      }
    }
    return true;
  }

  /** A filter value as the event would hold it: a number or boolean when it reads as one. */
  static Object typed(String value) {
    if (value.equals("true") || value.equals("false")) {
      return Boolean.valueOf(value);
    }
    if (value.matches("-?\\d+(\\.\\d+)?")) {
      return new BigDecimal(value);
    }
    return value;
  }

  private static String text(AttributeValue value) {
    return value instanceof TextValue textValue ? textValue.value() : value.toJson();
  }

  private static String fromJson(String json) {
    try {
      JsonNode node = ChartJson.MAPPER.readTree(json);
      return node.isTextual() ? node.textValue() : json;
    } catch (JsonProcessingException e) {
      return json;
    }
  }
}
