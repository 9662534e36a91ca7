package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.ComputedAttributes;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Bucket;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import io.cdpkit.segments.insights.ValueCount;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.segments.insights.ActiveUsers;
import io.cdpkit.segments.insights.ComputedAttribute;
import io.cdpkit.segments.insights.LiveComputedAttributes;
import io.cdpkit.segments.insights.ReachabilityDay;
import io.cdpkit.segments.insights.SeriesExporter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cdp insights profiles|events|series|computed|active|reachability}. */
@Command(
    name = "insights",
    footer = {"", "Examples:", "  cdp insights events purchase --property currency --top 5", "  cdp insights series --interval day --last 30 --type purchase", "  cdp insights profiles --columns id,first_name,age --sort age --desc"},
    description = "Profiles, event statistics, time series, computed attributes, active users and reachability.",
    subcommands = {
      InsightsCommand.Profiles.class,
      InsightsCommand.Events.class,
      InsightsCommand.SeriesCommand.class,
      InsightsCommand.Computed.class,
      InsightsCommand.Active.class,
      InsightsCommand.ReachabilityCommand.class
    })
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
        EventInsights insights = session.insights().events(type, property, top);
        ObjectNode json = Json.object();
        json.put("type", insights.type());
        json.put("count", insights.count());
        json.put("profiles", insights.profiles());
        json.put("first_seen", insights.firstSeen() == null ? null : insights.firstSeen().toString());
        json.put("last_seen", insights.lastSeen() == null ? null : insights.lastSeen().toString());
        ArrayNode values = json.putArray("top_values");
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s: %s from %s, first %s, last %s", type,
            Words.count(insights.count(), "event", "events"),
            Words.count(insights.profiles(), "profile", "profiles"), Instants.text(insights.firstSeen()),
            Instants.text(insights.lastSeen())));
        for (ValueCount value : insights.topValues()) {
          JsonNode parsed = jsonValue(value.value());
          ObjectNode item = values.addObject();
          item.set("value", parsed);
          item.put("count", value.count());
          text.append(System.lineSeparator()).append(String.format("  %-20s %d",
              parsed.isTextual() ? parsed.asText() : parsed.toString(), value.count()));
        }
        return print(json, text.toString());
      }
    }
  }

  /** The expression an {@code EXPR_OR_NAME} stands for: the saved segment's, else itself. */
  static SegmentExpression expressionOf(Session session, String exprOrName) {
    SegmentRef ref = SegmentRef.of(session.segments, exprOrName);
    return SegmentExpression.parse(ref.saved() ? ref.segment(session.segments).expression() : exprOrName);
  }

  /** A top value as the store gives it, JSON text ({@code "EUR"}, {@code 20}), as a JSON value. */
  static JsonNode jsonValue(String jsonText) {
    try {
      return AttributeJson.mapper().readTree(jsonText);
    } catch (IOException e) {
      return TextNode.valueOf(jsonText);
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

    @Option(names = "--segment", paramLabel = "EXPR_OR_NAME",
        description = "Only the members of this saved segment, or the profiles matching this expression.")
    @Nullable String segment;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the series to this file instead of printing it.")
    @Nullable Path outFile;

    @Option(names = "--format", paramLabel = "FORMAT",
        description = "csv or jsonl, for --out. Default: from the file name (.jsonl, .ndjson, .json: jsonl; else csv).")
    @Nullable String format;

    @Option(names = "--columns", paramLabel = "COLS", split = ",",
        description = "The columns written with --out: series, start, value. Default: all.")
    List<String> columns = SeriesExporter.COLUMNS;

    /** The event type, else what the series counts: {@code profiles_created} or {@code events}. */
    private String seriesName() {
      if (type != null) {
        return type;
      }
      return aggregation == Aggregation.PROFILES_CREATED ? "profiles_created" : "events";
    }

    @Override
    public Integer call() throws IOException {
      try (Session session = root().open()) {
        SeriesQuery query =
            SeriesQuery.builder(seriesName(), interval)
                .zone(session.cdp.zone())
                .last(last, session.cdp.clock().instant())
                .eventType(type)
                .aggregation(aggregation, property)
                .segment(segment == null ? null : expressionOf(session, segment))
                .build();
        Series series = session.insights().series(query);
        if (outFile != null) {
          SeriesExporter exporter = SeriesExporter.of(columns);
          DataFormat chosen = dataFormat(format, outFile);
          long rows;
          try (Writer writer = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
            rows = exporter.write(List.of(series), writer, chosen);
          }
          ObjectNode json = Json.object();
          json.put("file", outFile.toString());
          json.put("rows", rows);
          return print(json, "series " + series.name() + ": wrote " + rows + " rows to " + outFile);
        }
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

  /** The format a {@code --format} option names, else the one the file name suggests. */
  static DataFormat dataFormat(@Nullable String format, Path file) {
    if (format == null) {
      return DataFormat.fromFileName(file.getFileName().toString());
    }
    switch (format.toLowerCase(Locale.ROOT)) {
      case "csv":
        return DataFormat.CSV;
      case "jsonl":
      case "json":
        return DataFormat.JSON_LINES;
      default:
        throw new IllegalArgumentException("--format must be csv or jsonl, was " + format);
    }
  }

  @Command(name = "profiles", description = "A page of profiles with chosen columns, sorted by a column.")
  static final class Profiles extends Base {
    @Option(names = "--segment", paramLabel = "EXPR_OR_NAME",
        description = "Only the members of this saved segment, or the profiles matching this expression.")
    @Nullable String segment;

    @Option(names = "--columns", paramLabel = "COLS", split = ",",
        description = "id, $created_at, $updated_at, $identifier.TYPE, $computed.NAME (stored with cdp computed"
            + " define, or given with --computed) or an attribute. Default: id,$identifier.email,$created_at.")
    List<String> columns = List.of("id", "$identifier.email", "$created_at");

    @Option(names = "--sort", paramLabel = "COL", description = "$id, $created_at or an attribute. Default: ${DEFAULT-VALUE}.")
    String sort = ProfileQuery.ID;

    @Option(names = "--desc", description = "Sort descending.")
    boolean descending;

    @Option(names = "--limit", paramLabel = "N", description = "Profiles on the page. Default: ${DEFAULT-VALUE}.")
    int limit = 20;

    @Option(names = "--cursor", paramLabel = "CURSOR",
        description = "The page after the one that printed this cursor (with the same --sort).")
    @Nullable String cursor;

    @Option(names = "--computed", paramLabel = "DEF", split = ";",
        description = "Computed attribute definitions for $computed.NAME columns, as NAME=KIND:TYPE[:PROPERTY][@DAYS]"
            + " (KIND: count, sum, avg, min, max, last_seen, recency, frequency, monetary).")
    List<String> computed = List.of();

    private static JsonNode cell(Profile profile, String column, ComputedAttributes computedValues) {
      switch (column) {
        case "id":
        case ProfileQuery.ID:
          return TextNode.valueOf(profile.id());
        case ProfileQuery.CREATED_AT:
          return TextNode.valueOf(profile.createdAt().toString());
        case "$updated_at":
          return TextNode.valueOf(profile.updatedAt().toString());
        default:
          break;
      }
      if (column.startsWith("$identifier.")) {
        return profile.mainIdentifier(column.substring("$identifier.".length()))
            .<JsonNode>map(identifier -> TextNode.valueOf(identifier.value())).orElse(NullNode.getInstance());
      }
      if (column.startsWith("$computed.")) {
        return computedValues.value(profile, column.substring("$computed.".length()))
            .<JsonNode>map(value -> AttributeJson.toNode(new NumberValue(value))).orElse(NullNode.getInstance());
      }
      return profile.attribute(column).<JsonNode>map(AttributeJson::toNode).orElse(NullNode.getInstance());
    }

    /** A cell as text: texts as they are, other values as JSON, a missing value empty. */
    private static String text(JsonNode cell) {
      return cell.isNull() ? "" : cell.isTextual() ? cell.asText() : cell.toString();
    }

    /**
     * The {@code --computed} definitions that a column names, refusing a {@code $computed.NAME}
     * column that neither they nor the stored definitions define. Only these are computed here:
     * computing one reads every profile's events, so a page that shows none reads no events, and
     * stored definitions come from the platform, which keeps them current.
     */
    private List<ComputedAttribute> adHocShown(Session session) {
      Map<String, ComputedAttribute> given = new LinkedHashMap<>();
      InsightsCommand.definitions(computed).forEach(d -> given.put(d.name(), d));
      Set<String> defined = new TreeSet<>(given.keySet());
      session.platform.computedDefinitions().list().forEach(d -> defined.add(d.name()));
      List<ComputedAttribute> shown = new ArrayList<>();
      for (String column : columns) {
        if (!column.startsWith("$computed.")) {
          continue;
        }
        String name = column.substring("$computed.".length());
        if (!defined.contains(name)) {
          throw new InvalidInputException("--columns", column, "names no computed attribute; defined: "
              + (defined.isEmpty() ? "none (cdp computed define, or --computed)" : String.join(", ", defined)));
        }
        if (given.containsKey(name) && !shown.contains(given.get(name))) {
          shown.add(given.get(name));
        }
      }
      return shown;
    }

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<ComputedAttribute> adHoc = adHocShown(session);
        try (LiveComputedAttributes live =
            adHoc.isEmpty() ? null : LiveComputedAttributes.attach(session.cdp, adHoc)) {
          List<ComputedAttributes> sources = new ArrayList<>();
          if (live != null) {
            sources.add(live);
          }
          session.platform.computed().ifPresent(sources::add);
          return print(session, ComputedAttributes.firstKnowing(sources));
        }
      }
    }

    private Integer print(Session session, ComputedAttributes computedValues) {
      ProfileQuery query = new ProfileQuery(sort, descending, limit, cursor);
      Page<Profile> page;
      if (segment == null) {
        page = session.cdp.profiles(query);
      } else if (SegmentRef.of(session.segments, segment).saved()) {
        page = session.segments.memberProfiles(segment, query);
      } else {
        page = session.segments.matchingProfiles(segment, query);
      }
      ObjectNode json = Json.object();
      ArrayNode rows = json.putArray("rows");
      List<List<String>> lines = new ArrayList<>();
      lines.add(columns);
      for (Profile profile : page.items()) {
        ObjectNode row = rows.addObject();
        List<String> line = new ArrayList<>(columns.size());
        for (String column : columns) {
          JsonNode cell = cell(profile, column, computedValues);
          row.set(column, cell);
          line.add(text(cell));
        }
        lines.add(line);
      }
      json.put("next", page.next());
      String more = page.next() == null ? "" : System.lineSeparator() + "more with --cursor " + page.next();
      return print(json, table(lines) + more);
    }
  }

  @Command(name = "computed", description = "A computed attribute's value for every profile, or for one.")
  static final class Computed extends Base {
    @Parameters(paramLabel = "NAME=KIND:TYPE[:PROPERTY][@DAYS]",
        description = "The definition, such as ltv=sum:purchase:amount, orders_30d=count:purchase@30 or r=recency:purchase.")
    String definition;

    @Option(names = "--profile", paramLabel = "ID", description = "Only this profile (an id or type:value).")
    @Nullable String profile;

    @Option(names = "--limit", paramLabel = "N", description = "Profiles listed, by id. Default: ${DEFAULT-VALUE}.")
    int limit = 100;

    @Override
    public Integer call() {
      ComputedAttribute attribute = parseDefinition(definition);
      try (Session session = root().open();
          LiveComputedAttributes live = LiveComputedAttributes.attach(session.cdp, List.of(attribute))) {
        List<Profile> profiles = profile != null
            ? List.of(resolve(session.cdp, profile))
            : session.cdp.profiles(ProfileQuery.firstPage(limit).sortedBy(ProfileQuery.ID, false)).items();
        ObjectNode json = Json.object();
        json.put("name", attribute.name());
        json.put("definition", attribute.describe());
        ArrayNode values = json.putArray("values");
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("id", attribute.name()));
        for (Profile one : profiles) {
          Optional<BigDecimal> value = live.value(one, attribute.name());
          ObjectNode row = values.addObject().put("id", one.id());
          row.set("value", value.map(v -> AttributeJson.toNode(new NumberValue(v))).orElse(Json.object().nullNode()));
          lines.add(List.of(one.id(), value.map(BigDecimal::toPlainString).orElse("")));
        }
        return print(json, attribute.name() + " (" + attribute.describe() + ")" + System.lineSeparator() + table(lines));
      }
    }
  }

  @Command(name = "active", description = "Monthly active users: identified and anonymous profiles with an active event.")
  static final class Active extends Base {
    @Option(names = "--month", paramLabel = "YYYY-MM", required = true, description = "The month, in --zone.")
    YearMonth month;

    @Option(names = "--inactive-types", paramLabel = "TYPES", split = ",",
        description = "Event types that do not count as activity. Default: campaign_sent,compliance,consent,list_subscription,reachability.")
    @Nullable Set<String> inactiveTypes;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        ActiveUsers users = session.insights()
            .activeUsers(month, inactiveTypes == null ? ActiveUsers.DEFAULT_INACTIVE_TYPES : inactiveTypes);
        ObjectNode json = Json.object();
        json.put("month", month.toString());
        json.put("identified", users.identified());
        json.put("anonymous", users.anonymous());
        json.put("total", users.total());
        return print(json, String.format("%s: %d active (%d identified, %d anonymous)",
            month, users.total(), users.identified(), users.anonymous()));
      }
    }
  }

  @Command(name = "reachability",
      description = "Total, reachable and unreachable profiles per day on a channel (profiles created by each day's end, reachable now).")
  static final class ReachabilityCommand extends Base {
    @Option(names = "--channel", paramLabel = "C", required = true, description = "email, sms, whatsapp, push, ...")
    String channel;

    @Option(names = "--last", paramLabel = "N", description = "The last N days up to today. Default: ${DEFAULT-VALUE}.")
    int last = 30;

    @Override
    public Integer call() {
      try (Session session = root().open()) {
        List<ReachabilityDay> days = session.insights().reachabilityByDay(channel, last);
        ObjectNode json = Json.object();
        json.put("channel", channel);
        ArrayNode array = json.putArray("days");
        List<List<String>> lines = new ArrayList<>();
        lines.add(List.of("day", "total", "reachable", "unreachable"));
        for (ReachabilityDay day : days) {
          array.addObject().put("day", day.day().toString()).put("total", day.total())
              .put("reachable", day.reachable()).put("unreachable", day.unreachable());
          lines.add(List.of(day.day().toString(), Long.toString(day.total()), Long.toString(day.reachable()),
              Long.toString(day.unreachable())));
        }
        return print(json, table(lines));
      }
    }
  }

  /** Parses {@code NAME=KIND:TYPE[:PROPERTY][@DAYS]}; {@code last_seen} takes {@code *} for any type. */
  static ComputedAttribute parseDefinition(String text) {
    int equals = text.indexOf('=');
    if (equals < 1) {
      throw new IllegalArgumentException("a computed attribute is NAME=KIND:TYPE[:PROPERTY][@DAYS], was " + text);
    }
    String name = text.substring(0, equals);
    String rest = text.substring(equals + 1);
    Duration window = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      window = Duration.ofDays(Long.parseLong(rest.substring(at + 1)));
      rest = rest.substring(0, at);
    }
    String[] parts = rest.split(":", -1);
    if (parts.length < 2 || parts.length > 3) {
      throw new IllegalArgumentException("a computed attribute is NAME=KIND:TYPE[:PROPERTY][@DAYS], was " + text);
    }
    ComputedAttribute.Kind kind = ComputedAttribute.Kind.valueOf(parts[0].toUpperCase(Locale.ROOT));
    String type = parts[1].equals("*") && kind == ComputedAttribute.Kind.LAST_SEEN ? null : parts[1];
    String property = parts.length == 3 ? parts[2] : null;
    ComputedAttribute attribute = new ComputedAttribute(name, kind, type, property, null);
    return window == null ? attribute : attribute.within(window);
  }

  private static List<ComputedAttribute> definitions(List<String> texts) {
    List<ComputedAttribute> definitions = new ArrayList<>();
    for (String text : texts) {
      definitions.add(parseDefinition(text));
    }
    return definitions;
  }

  /** Left-aligned columns separated by two spaces. */
  static String table(List<List<String>> lines) {
    int[] widths = new int[lines.get(0).size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (List<String> line : lines) {
      StringBuilder row = new StringBuilder();
      for (int i = 0; i < line.size(); i++) {
        row.append(i == line.size() - 1 ? line.get(i) : String.format("%-" + widths[i] + "s  ", line.get(i)));
      }
      text.append(row.toString().stripTrailing()).append(System.lineSeparator());
    }
    return text.toString().stripTrailing();
  }
}
