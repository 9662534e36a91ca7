package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Interval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Chart definitions to and from JSON: {@code {"id","title","kind":"pie|line|bar|table",
 * "source":"profile_attribute|events_over_time|event_property","field","interval":"day",
 * "last":30,"series":[{"name","segment","eventType","where":{"p":"v"},
 * "aggregation":"count|cumulative|sum|avg|min|max|profiles_created","property","yLabel"}]}}.
 * Enum values are lower case. Stateless and thread-safe.
 */
final class ChartJson {
  /** Writes numbers as plain JSON numbers ({@code 10}, never {@code 1E+1}). */
  static final ObjectMapper MAPPER = JsonMapper.builder().enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();

  private ChartJson() {}

  static ObjectNode write(ChartDefinition chart) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("id", chart.id());
    json.put("title", chart.title());
    json.put("kind", lower(chart.kind()));
    json.put("source", lower(chart.source()));
    json.put("field", chart.field());
    json.put("interval", lower(chart.interval()));
    json.put("last", chart.last());
    ArrayNode series = json.putArray("series");
    for (ChartSeries one : chart.series()) {
      ObjectNode item = series.addObject();
      item.put("name", one.name());
      item.put("segment", one.segment());
      item.put("eventType", one.eventType());
      ObjectNode where = item.putObject("where");
      one.where().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(entry -> where.put(entry.getKey(), entry.getValue()));
      item.put("aggregation", lower(one.aggregation()));
      item.put("property", one.property());
      item.put("yLabel", one.yLabel());
    }
    return json;
  }

  static String toText(ChartDefinition chart) {
    try {
      return MAPPER.writeValueAsString(write(chart));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write chart " + chart.id(), e);
    }
  }

  static ChartDefinition fromText(String text, String id) {
    try {
      return read(MAPPER.readTree(text), id);
    } catch (JsonProcessingException e) {
      throw new BadParameterException("body", "not valid JSON: " + e.getOriginalMessage());
    }
  }

  /**
   * @throws BadParameterException naming the field (as {@code series[i].name} inside a series)
   */
  static ChartDefinition read(JsonNode json, String id) {
    if (json == null || !json.isObject()) {
      throw new BadParameterException("body", "a chart is a JSON object");
    }
    JsonNode seriesJson = json.get("series");
    if (seriesJson == null || !seriesJson.isArray()) {
      throw new BadParameterException("series", "a JSON array of series is needed");
    }
    List<ChartSeries> series = new ArrayList<>();
    for (int i = 0; i < seriesJson.size(); i++) {
      series.add(readSeries(seriesJson.get(i), "series[" + i + "]"));
    }
    JsonNode last = json.get("last");
    int buckets;
    if (last == null || last.isNull()) {
      buckets = 30;
    } else if (last.canConvertToInt() && last.isIntegralNumber()) {
      buckets = last.intValue();
    } else if (last.isTextual() && last.textValue().matches("\\d{1,9}")) {
      buckets = Integer.parseInt(last.textValue());
    } else {
      throw new BadParameterException("last", "a whole number of buckets is needed, was " + last);
    }
    return new ChartDefinition(
        id,
        text(json, "title", ""),
        choice(json, "kind", ChartKind.class, null),
        choice(json, "source", ChartSource.class, null),
        optionalText(json, "field", "field"),
        choice(json, "interval", Interval.class, Interval.DAY),
        buckets,
        series);
  }

  private static ChartSeries readSeries(JsonNode json, String path) {
    if (json == null || !json.isObject()) {
      throw new BadParameterException(path, "a series is a JSON object");
    }
    Map<String, String> where = new LinkedHashMap<>();
    JsonNode whereJson = json.get("where");
    if (whereJson != null && !whereJson.isNull()) {
      if (!whereJson.isObject()) {
        throw new BadParameterException(path + ".where", "an object of event property names to values is needed");
      }
      for (Map.Entry<String, JsonNode> entry : whereJson.properties()) {
        if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
          throw new BadParameterException(path + ".where." + entry.getKey(), "a text or number value is needed");
        }
        where.put(entry.getKey(), entry.getValue().asText());
      }
    }
    try {
      return new ChartSeries(
          text(json, "name", path + "."),
          optionalText(json, "segment", path + ".segment"),
          optionalText(json, "eventType", path + ".eventType"),
          where,
          choice(json, "aggregation", Aggregation.class, Aggregation.COUNT, path + "."),
          optionalText(json, "property", path + ".property"),
          text(json, "yLabel", path + "."));
    } catch (BadParameterException e) {
      if (e.parameter().startsWith(path)) {
        throw e;
      }
      throw new BadParameterException(path + "." + e.parameter(), e.reason());
    }
  }

  private static String text(JsonNode json, String name, String prefix) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      return "";
    }
    if (!value.isTextual()) {
      throw new BadParameterException(prefix + name, "text is needed, was " + value);
    }
    return value.textValue();
  }

  private static @Nullable String optionalText(JsonNode json, String name, String path) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new BadParameterException(path, "text is needed, was " + value);
    }
    return value.textValue();
  }

  private static <E extends Enum<E>> @Nullable E choice(JsonNode json, String name, Class<E> type, @Nullable E fallback) {
    return choice(json, name, type, fallback, "");
  }

  private static <E extends Enum<E>> @Nullable E choice(
      JsonNode json, String name, Class<E> type, @Nullable E fallback, String prefix) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
      return fallback;
    }
    return parseChoice(prefix + name, value.asText(), type);
  }

  /**
   * @throws BadParameterException listing the allowed values
   */
  static <E extends Enum<E>> E parseChoice(String parameter, String text, Class<E> type) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equalsIgnoreCase(text.strip())) {
        return constant;
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E constant : type.getEnumConstants()) {
      allowed.add(lower(constant));
    }
    throw new BadParameterException(parameter, "one of " + String.join(", ", allowed) + " is needed, was '" + text + "'");
  }

  static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
