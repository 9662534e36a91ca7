package io.cdpkit.segments.insights;

import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.segments.SegmentExpression;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One named time series to compute: buckets of {@code interval} in {@code zone} from the bucket
 * holding {@code from} up to {@code to} (exclusive), each holding an {@link Aggregation} of the
 * events of {@code eventType} (all types when null) whose properties equal every entry of {@code
 * where}, owned by profiles matching {@code segment} (everyone when null). Build with {@link
 * #builder(String, Interval)}.
 *
 * @param property the numeric event property of SUM, AVG, MIN and MAX
 */
public record SeriesQuery(
    String name,
    Interval interval,
    Instant from,
    Instant to,
    ZoneId zone,
    Aggregation aggregation,
    @Nullable String eventType,
    @Nullable String property,
    @Nullable SegmentExpression segment,
    Map<String, AttributeValue> where) {

  /** The most buckets one series may have. */
  public static final int MAX_BUCKETS = 100_000;

  public SeriesQuery {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(aggregation, "aggregation");
    where = Map.copyOf(where);
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
    }
    if (aggregation.needsProperty() && property == null) {
      throw new IllegalArgumentException("aggregation " + aggregation + " needs a property");
    }
  }

  /**
   * The start of each bucket, oldest first: {@code from} truncated to the interval in the zone,
   * then one interval later each, while before {@code to}.
   *
   * @throws IllegalArgumentException when there would be more than {@link #MAX_BUCKETS}
   */
  public List<Instant> bucketStarts() {
    List<Instant> starts = new ArrayList<>();
    Instant start = interval.truncate(from, zone);
    while (start.isBefore(to)) {
      if (starts.size() == MAX_BUCKETS) {
        throw new IllegalArgumentException(
            "series " + name + " would have more than " + MAX_BUCKETS + " buckets");
      }
      starts.add(start);
      start = interval.plus(start, 1, zone);
    }
    return starts;
  }

  public static Builder builder(String name, Interval interval) {
    return new Builder(name, interval);
  }

  /** Builds a {@link SeriesQuery}: COUNT of every event type in UTC unless set. Not thread-safe. */
  public static final class Builder {
    private final String name;
    private final Interval interval;
    private @Nullable Instant from;
    private @Nullable Instant to;
    private ZoneId zone = ZoneId.of("UTC");
    private Aggregation aggregation = Aggregation.COUNT;
    private @Nullable String eventType;
    private @Nullable String property;
    private @Nullable SegmentExpression segment;
    private final Map<String, AttributeValue> where = new LinkedHashMap<>();

    private Builder(String name, Interval interval) {
      this.name = Objects.requireNonNull(name, "name");
      this.interval = Objects.requireNonNull(interval, "interval");
    }

    public Builder zone(ZoneId value) {
      zone = Objects.requireNonNull(value, "zone");
      return this;
    }

    /** From the bucket holding {@code start} up to {@code end} (exclusive). */
    public Builder range(Instant start, Instant end) {
      from = Objects.requireNonNull(start, "start");
      to = Objects.requireNonNull(end, "end");
      return this;
    }

    /** The last {@code units} buckets up to and including the one holding {@code now} (set the zone first). */
    public Builder last(int units, Instant now) {
      if (units < 1 || units > MAX_BUCKETS) {
        throw new IllegalArgumentException("units must be 1 to " + MAX_BUCKETS + ", was " + units);
      }
      Instant current = interval.truncate(now, zone);
      from = interval.plus(current, -(units - 1L), zone);
      to = interval.plus(current, 1, zone);
      return this;
    }

    public Builder aggregation(Aggregation value, @Nullable String numericProperty) {
      aggregation = Objects.requireNonNull(value, "aggregation");
      property = numericProperty;
      return this;
    }

    public Builder eventType(@Nullable String type) {
      eventType = type;
      return this;
    }

    public Builder segment(@Nullable SegmentExpression value) {
      segment = value;
      return this;
    }

    /** Only events whose property equals the value. */
    public Builder where(String eventProperty, Object value) {
      where.put(Objects.requireNonNull(eventProperty, "eventProperty"), AttributeValue.of(value));
      return this;
    }

    /** @throws IllegalStateException when no range was set */
    public SeriesQuery build() {
      if (from == null || to == null) {
        throw new IllegalStateException("series " + name + " needs range(...) or last(...)");
      }
      return new SeriesQuery(name, interval, from, to, zone, aggregation, eventType, property, segment, where);
    }
  }
}
