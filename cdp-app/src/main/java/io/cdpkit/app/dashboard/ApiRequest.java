package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One API request as a handler sees it: the method, the path parts after the area, the query
 * parameters and the body, with the ways to answer. Not thread-safe (one per request).
 */
final class ApiRequest {
  /** The largest request body read. */
  static final int MAX_BODY = 256 * 1024;

  private final HttpExchange exchange;
  private final List<String> path;
  private final Map<String, String> query;

  ApiRequest(HttpExchange exchange, List<String> path) {
    this.exchange = exchange;
    this.path = List.copyOf(path);
    this.query = query(exchange.getRequestURI().getRawQuery());
  }

  String method() {
    return exchange.getRequestMethod();
  }

  /** The decoded path parts after {@code /api/AREA}. */
  List<String> path() {
    return path;
  }

  /** Whether the path is exactly these parts. */
  boolean pathIs(String... parts) {
    return path.equals(List.of(parts));
  }

  /** A query parameter, or null when absent or blank. */
  @Nullable String parameter(String name) {
    String value = query.get(name);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** A whole-number query parameter within bounds, or {@code fallback} when absent. */
  int intParameter(String name, int fallback, int min, int max) {
    String text = parameter(name);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new BadParameterException(name, "must be " + min + " to " + max + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadParameterException(name, "a whole number is needed, was '" + text + "'");
    }
  }

  /** A {@code true}/{@code false} query parameter; false when absent. */
  boolean booleanParameter(String name) {
    String text = query.getOrDefault(name, "false");
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new BadParameterException(name, "true or false is needed, was '" + text + "'");
  }

  /** A date query parameter ({@code 2018-07-13}), or null when absent. */
  @Nullable LocalDate dateParameter(String name) {
    String text = parameter(name);
    try {
      return text == null ? null : LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadParameterException(name, "a date as 2018-07-13 is needed, was '" + text + "'");
    }
  }

  /** The body as text, at most {@value #MAX_BODY} bytes. */
  String body() throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        throw new BadParameterException("body", "larger than 256 KiB");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The body as a JSON object. */
  JsonNode jsonBody() throws IOException {
    String text = body();
    try {
      JsonNode json = ChartJson.MAPPER.readTree(text.isBlank() ? "{}" : text);
      if (!json.isObject()) {
        throw new BadParameterException("body", "a JSON object is needed");
      }
      return json;
    } catch (JsonProcessingException e) {
      throw new BadParameterException("body", "not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** A required text field of a JSON body. */
  static String text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new BadParameterException(field, "a non-empty text is needed");
    }
    return value.asText().strip();
  }

  /** An optional text field of a JSON body; null when missing or blank. */
  static @Nullable String optionalText(JsonNode body, String field) {
    JsonNode value = body.path(field);
    return value.isTextual() && !value.asText().isBlank() ? value.asText().strip() : null;
  }

  /** @throws MethodNotAllowedException unless the method is one of {@code allowed} */
  void allow(String... allowed) {
    if (!Arrays.asList(allowed).contains(method())) {
      throw new MethodNotAllowedException(String.join(", ", allowed));
    }
  }

  void sendJson(int status, JsonNode json) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    sendBytes(exchange, status, ChartJson.MAPPER.writeValueAsBytes(json));
  }

  void sendNoContent() throws IOException {
    exchange.sendResponseHeaders(204, -1);
  }

  /** A CSV download named {@code fileName}. */
  void sendCsv(String fileName, String csv) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
    exchange.getResponseHeaders().set("Content-Disposition",
        "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"");
    sendBytes(exchange, 200, csv.getBytes(StandardCharsets.UTF_8));
  }

  static void sendBytes(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  static Map<String, String> query(@Nullable String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(name, value);
    }
    return query;
  }
}
