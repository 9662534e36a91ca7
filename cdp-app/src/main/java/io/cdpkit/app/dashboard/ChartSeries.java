package io.cdpkit.app.dashboard;

import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.insights.Aggregation;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One series of a chart: profiles matching {@code segment} (everyone when null), events of {@code
 * eventType} (every type when null) whose properties equal each entry of {@code where}, combined by
 * {@code aggregation} (of the numeric {@code property} for sum, avg, min and max). Immutable.
 *
 * @param yLabel the y-axis label; may be empty
 * @throws BadParameterException when a field is blank, the segment does not parse, or the
 *     aggregation needs a property and has none
 */
public record ChartSeries(
    String name,
    @Nullable String segment,
    @Nullable String eventType,
    Map<String, String> where,
    Aggregation aggregation,
    @Nullable String property,
    String yLabel) {

  public ChartSeries {
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(yLabel, "yLabel");
    if (name == null || name.isBlank()) {
      throw new BadParameterException("name", "a series needs a name");
    }
    segment = blankToNull(segment);
    eventType = blankToNull(eventType);
    property = blankToNull(property);
    where = Map.copyOf(where);
    if (segment != null) {
      try {
        SegmentExpression.parse(segment);
      } catch (SegmentSyntaxException e) {
        throw new BadParameterException("segment", e.getMessage());
      }
    }
    if (aggregation.needsProperty() && property == null) {
      throw new BadParameterException(
          "property", "aggregation " + aggregation.name().toLowerCase(java.util.Locale.ROOT) + " needs a numeric event property");
    }
  }

  /** Counts every event (or, for value counts, every profile or event) of the segment. */
  public static ChartSeries count(String name, @Nullable String segment, @Nullable String eventType) {
    return new ChartSeries(name, segment, eventType, Map.of(), Aggregation.COUNT, null, "");
  }

  /** The parsed segment; null for everyone. */
  public @Nullable SegmentExpression segmentExpression() {
    return segment == null ? null : SegmentExpression.parse(segment);
  }

  static @Nullable String blankToNull(@Nullable String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
