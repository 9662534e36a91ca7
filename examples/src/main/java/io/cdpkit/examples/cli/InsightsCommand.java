package io.cdpkit.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.internal.AttributeJson;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.Insights;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp insights events|series}. */
@Command(
    name = "insights",
    description = "Event statistics and time series.",
    subcommands = {InsightsCommand.Events.class, InsightsCommand.SeriesCommand.class})
final class InsightsCommand {
  private InsightsCommand() {}

  @Command(name = "events", description = "Count, profiles, first and last seen and top property values of an event type.")
  static final class Events extends Base {
    @Parameters(paramLabel = "TYPE")
    String type;

    @Option(names = "--property", paramLabel = "P", description = "Count the top values of this property.")
    @Nullable String property;

    @Option(names = "--top", paramLabel = "N", description = "How many top values. Default: ${DEFAULT-VALUE}.")
    int top = 10;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        EventInsights insights = Insights.inMemory(session.segments).events(type, property, top);
        ObjectNode json = Json.object();
        json.put("type", insights.type());
        json.put("count", insights.count());
        json.put("profiles", insights.profiles());
        json.put("first_seen", insights.firstSeen() == null ? null : insights.firstSeen().toString());
        json.put("last_seen", insights.lastSeen() == null ? null : insights.lastSeen().toString());
        ArrayNode values = json.putArray("top_values");
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s: %d events from %d profiles, first %s, last %s", type,
            insights.count(), insights.profiles(), insights.firstSeen(), insights.lastSeen()));
        for (ValueCount value : insights.topValues()) {
          values.addObject().put("value", value.value()).put("count", value.count());
          text.append(System.lineSeparator()).append(String.format("  %-20s %d", value.value(), value.count()));
        }
        return print(json, text.toString());
      }
    }
  }

  @Command(name = "series", description = "A time series of events (or new profiles) per interval.")
  static final class SeriesCommand extends Base {
    @Option(names = "--interval", paramLabel = "UNIT", description = "minute, hour, day, week, month or year. Default: ${DEFAULT-VALUE}.")
    Interval interval = Interval.DAY;

    @Option(names = "--last", paramLabel = "N", description = "The last N intervals, up to now. Default: ${DEFAULT-VALUE}.")
    int last = 30;

    @Option(names = "--type", paramLabel = "T", description = "Only events of this type.")
    @Nullable String type;

    @Option(names = "--agg", paramLabel = "AGG",
        description = "count, cumulative, sum, avg, min, max or profiles_created. Default: ${DEFAULT-VALUE}.")
    Aggregation aggregation = Aggregation.COUNT;

    @Option(names = "--property", paramLabel = "P", description = "The numeric property of sum, avg, min and max.")
    @Nullable String property;

    @Option(names = "--segment", paramLabel = "EXPR", description = "Only profiles matching this expression.")
    @Nullable String segment;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        SeriesQuery query =
            SeriesQuery.builder(type == null ? "events" : type, interval)
                .zone(session.cdp.zone())
                .last(last, session.cdp.clock().instant())
                .eventType(type)
                .aggregation(aggregation, property)
                .segment(segment == null ? null : SegmentExpression.parse(segment))
                .build();
        Series series = Insights.inMemory(session.segments).series(query);
        ObjectNode json = Json.object();
        json.put("name", series.name());
        json.put("interval", interval.name().toLowerCase(Locale.ROOT));
        json.put("aggregation", aggregation.name().toLowerCase(Locale.ROOT));
        ArrayNode buckets = json.putArray("buckets");
        StringBuilder text = new StringBuilder();
        for (Bucket bucket : series.buckets()) {
          buckets.addObject().put("start", bucket.start().toString())
              .set("value", AttributeJson.toNode(new NumberValue(bucket.value())));
          text.append(bucket.start().atZone(session.cdp.zone()).toLocalDateTime()).append("  ")
              .append(bucket.value().stripTrailingZeros().toPlainString()).append(System.lineSeparator());
        }
        return print(json, text.toString().stripTrailing());
      }
    }
  }
}
