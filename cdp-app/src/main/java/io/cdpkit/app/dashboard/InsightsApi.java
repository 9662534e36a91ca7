package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.segments.insights.EventInsights;
import io.cdpkit.segments.insights.Insights;
import io.cdpkit.segments.insights.ReachabilityDay;
import io.cdpkit.segments.insights.ValueCount;
import java.io.IOException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@code /api/insights}: numbers over time and per event type, each also as CSV.
 *
 * <ul>
 *   <li>{@code GET /api/insights/profiles[.csv]?channel=&from=&to=&interval=day|month}: total,
 *       reachable and unreachable profiles on the channel at the end of each day or month, and the
 *       month's active users; the range defaults to the first profile's day through today (by the
 *       clock), the interval to months beyond 62 days;
 *   <li>{@code GET /api/insights/profiles?activeUsers=false}: the same without the monthly active
 *       users, which cost a probe per profile and month: the page draws the rest first;
 *   <li>{@code GET /api/insights/active?from=&to=}: the monthly active users alone, each month as
 *       {@code date} (YYYY-MM), the range defaulting as above;
 *   <li>{@code GET /api/insights/events}: each event type's count, from the counts the store keeps;
 *   <li>{@code GET /api/insights/events.csv}: each type's count, profiles, first and last seen (a
 *       pass over each type's events, so only on export);
 *   <li>{@code GET /api/insights/events/TYPE}: its count and the names of its properties (found in
 *       recent events of the type), or with {@code property} that property's top values;
 *   <li>{@code GET /api/insights/events/TYPE/summary}: its distinct profiles, first and last seen;
 *   <li>{@code GET /api/insights/events/TYPE.csv}: the top values of its properties (or of {@code
 *       property}).
 * </ul>
 *
 * <p>At scale every question about a type's events reads all of them, so the pages ask one such
 * question at a time, when the user asks for it.
 */
final class InsightsApi implements ApiHandler {
  private static final int TOP = 10;
  private static final int MAX_PROPERTIES = 6;
  private static final int SAMPLE_PROFILES = 25;

  private final Cdp cdp;
  private final Insights insights;
  private final Labels labels;

  InsightsApi(Cdp cdp, Insights insights, Labels labels) {
    this.cdp = Objects.requireNonNull(cdp, "cdp");
    this.insights = Objects.requireNonNull(insights, "insights");
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    request.allow("GET");
    List<String> path = request.path();
    if (request.pathIs("profiles")) {
      request.sendJson(200, profiles(request));
    } else if (request.pathIs("profiles.csv")) {
      JsonNode rows = profiles(request).path("rows");
      request.sendCsv("profiles-over-time.csv", csv(rows, List.of("date", "total", "reachable", "unreachable", "activeUsers")));
    } else if (request.pathIs("active")) {
      request.sendJson(200, activeUsers(request));
    } else if (request.pathIs("events")) {
      request.sendJson(200, eventTypeCounts());
    } else if (request.pathIs("events.csv")) {
      ArrayNode summaries = ChartJson.MAPPER.createArrayNode();
      cdp.eventTypes().forEach(type -> summaries.add(summary(type.type())));
      request.sendCsv("event-types.csv", csv(summaries, List.of("type", "count", "profiles", "firstSeen", "lastSeen")));
    } else if (path.size() == 3 && path.get(0).equals("events") && path.get(2).equals("summary")) {
      requireType(path.get(1));
      request.sendJson(200, summary(path.get(1)));
    } else if (path.size() == 2 && path.get(0).equals("events") && path.get(1).endsWith(".csv")) {
      String type = path.get(1).substring(0, path.get(1).length() - 4);
      requireType(type);
      String property = request.parameter("property");
      List<List<String>> rows = new ArrayList<>();
      for (String name : property == null ? properties(type) : Set.of(property)) {
        JsonNode values = topValues(type, name);
        for (JsonNode value : values) {
          rows.add(List.of(name, value.path("value").asText(), value.path("count").asText()));
        }
      }
      request.sendCsv(type + ".csv", Csv.write(List.of("property", "value", "count"), rows));
    } else if (path.size() == 2 && path.get(0).equals("events")) {
      request.sendJson(200, eventType(path.get(1), request.parameter("property")));
    } else {
      throw new NotFoundException("no endpoint /api/insights/" + String.join("/", path));
    }
  }

  private ObjectNode profiles(ApiRequest request) {
    String channel = Objects.requireNonNullElse(request.parameter("channel"), "email");
    if (!channel.matches("[a-z][a-z0-9_]*")) {
      throw new BadParameterException("channel", "a channel such as email or sms is needed, was '" + channel + "'");
    }
    LocalDate to = to(request);
    LocalDate from = from(request, to);
    String interval = request.parameter("interval");
    if (interval == null) {
      interval = ChronoUnit.DAYS.between(from, to) > 62 ? "month" : "day";
    } else if (!interval.equals("day") && !interval.equals("month")) {
      throw new BadParameterException("interval", "day or month is needed, was '" + interval + "'");
    }
    List<ReachabilityDay> days = insights.reachabilityByDay(channel, from, to);
    boolean withActiveUsers = !"false".equals(request.parameter("activeUsers"));
    Map<YearMonth, Long> active = new HashMap<>();
    if (withActiveUsers) {
      insights.activeUsers(YearMonth.from(from), YearMonth.from(to))
          .forEach(month -> active.put(month.month(), month.total()));
    }
    ObjectNode json = ChartJson.MAPPER.createObjectNode()
        .put("channel", channel).put("from", from.toString()).put("to", to.toString()).put("interval", interval);
    ArrayNode rows = json.putArray("rows");
    for (int i = 0; i < days.size(); i++) {
      ReachabilityDay day = days.get(i);
      YearMonth month = YearMonth.from(day.day());
      boolean endOfPeriod = interval.equals("day") || i == days.size() - 1
          || !YearMonth.from(days.get(i + 1).day()).equals(month);
      if (!endOfPeriod) {
        continue;
      }
      ObjectNode row = rows.addObject()
          .put("date", interval.equals("day") ? day.day().toString() : month.toString())
          .put("total", day.total())
          .put("reachable", day.reachable())
          .put("unreachable", day.unreachable());
      if (withActiveUsers) {
        row.put("activeUsers", active.getOrDefault(month, 0L));
      }
    }
    return json;
  }

  private ObjectNode activeUsers(ApiRequest request) {
    LocalDate to = to(request);
    LocalDate from = from(request, to);
    ObjectNode json = ChartJson.MAPPER.createObjectNode().put("from", from.toString()).put("to", to.toString());
    ArrayNode rows = json.putArray("rows");
    insights.activeUsers(YearMonth.from(from), YearMonth.from(to))
        .forEach(month -> rows.addObject().put("date", month.month().toString()).put("activeUsers", month.total()));
    return json;
  }

  private LocalDate to(ApiRequest request) {
    LocalDate today = cdp.clock().instant().atZone(labels.zone()).toLocalDate();
    return Objects.requireNonNullElse(request.dateParameter("to"), today);
  }

  private LocalDate from(ApiRequest request, LocalDate to) {
    LocalDate from = request.dateParameter("from");
    if (from == null) {
      from = firstProfileDay().orElse(to.minusDays(29));
    }
    if (from.isAfter(to)) {
      throw new BadParameterException("from", "must not be after to (" + to + ")");
    }
    return from;
  }

  private java.util.Optional<LocalDate> firstProfileDay() {
    List<Profile> first = cdp.profiles(new ProfileQuery(ProfileQuery.CREATED_AT, false, 1, null)).items();
    return first.stream().findFirst().map(profile -> profile.createdAt().atZone(labels.zone()).toLocalDate());
  }

  private ArrayNode eventTypeCounts() {
    ArrayNode list = ChartJson.MAPPER.createArrayNode();
    for (EventTypeCount type : cdp.eventTypes()) {
      list.addObject().put("type", type.type()).put("count", type.count());
    }
    return list;
  }

  private ObjectNode summary(String type) {
    EventInsights stats = insights.events(type, null, 1);
    return ChartJson.MAPPER.createObjectNode()
        .put("type", type)
        .put("count", stats.count())
        .put("profiles", stats.profiles())
        .put("firstSeen", labels.time(stats.firstSeen()))
        .put("lastSeen", labels.time(stats.lastSeen()));
  }

  private long requireType(String type) {
    return cdp.eventTypes().stream().filter(count -> count.type().equals(type)).mapToLong(EventTypeCount::count)
        .findFirst().orElseThrow(() -> new NotFoundException("no events of type " + type));
  }

  /** Without {@code property}: the type's property names; with it: that property's top values. */
  private ObjectNode eventType(String type, @Nullable String property) {
    ObjectNode json = ChartJson.MAPPER.createObjectNode().put("type", type).put("count", requireType(type));
    ArrayNode properties = json.putArray("properties");
    for (String name : property == null ? properties(type) : Set.of(property)) {
      ObjectNode item = properties.addObject().put("property", name).put("label", Labels.field(name));
      if (property != null) {
        item.set("values", topValues(type, name));
      }
    }
    return json;
  }

  private ArrayNode topValues(String type, String property) {
    ArrayNode values = ChartJson.MAPPER.createArrayNode();
    for (ValueCount value : insights.events(type, property, TOP).topValues()) {
      values.addObject().put("value", unquote(value.value())).put("count", value.count());
    }
    return values;
  }

  /** The property names of recent events of the type, from the newest profiles' timelines. */
  private Set<String> properties(String type) {
    Set<String> names = new LinkedHashSet<>();
    ProfileQuery query = new ProfileQuery(ProfileQuery.CREATED_AT, true, SAMPLE_PROFILES, null);
    for (Profile profile : cdp.profiles(query).items()) {
      for (Event event : cdp.timeline(profile.id(), TimelineQuery.latest(5).ofTypes(type)).items()) {
        names.addAll(event.properties().fields().keySet());
        if (names.size() >= MAX_PROPERTIES) {
          return names;
        }
      }
    }
    return names;
  }

  private static String unquote(String json) {
    try {
      JsonNode value = ChartJson.MAPPER.readTree(json);
      return value.isTextual() ? value.asText() : value.toString();
    } catch (IOException e) {
      return json;
    }
  }

  private static String csv(JsonNode rows, List<String> columns) {
    List<List<String>> cells = new ArrayList<>();
    for (JsonNode row : rows) {
      cells.add(columns.stream().map(column -> row.path(column).asText()).toList());
    }
    return Csv.write(columns, cells);
  }
}
