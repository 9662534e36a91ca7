package io.cdpkit.segments.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.CalendarUnit;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.ConsentIs;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Everyone;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.InGroup;
import io.cdpkit.segments.ast.InSegment;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.ast.Window;
import io.cdpkit.segments.internal.parse.Parser;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/*
 * The JSON form, documented in cdp-segments/README.md. One object per node, "op" first:
 *   {"op":"and"|"or","args":[...]}, {"op":"not","arg":{...}}
 *   {"op":"=", "path":[...], "value":30}   ops = != < <= > >= contains not_contains starts_with
 *       ends_with matches in not_in between is_empty is_not_empty window
 *   {"op":"event","type":"purchase"|null,"aggregate":{...},"window":{...},"filter":{...}|absent}
 *   {"op":"any","path":[...],"filter":{...}}, {"op":"in_segment","name":..}, {"op":"in_group",..}
 *   {"op":"consent","channel":..,"status":"granted"}, {"op":"reachable","channel":..},
 *   {"op":"everyone"}
 * Paths: "path":["address","city"] for attributes, "system":["identifier","email"] for $ fields.
 * Values: JSON string/number/boolean; {"date":"2024-05-01"}; {"datetime":"...Z"}; arrays for lists.
 * Windows: {"kind":"anytime"|"on"|"before"|"after"|"between_dates"|"last"|"next"|"exactly_ago"|
 *   "more_than_ago"|"between_ago", "date"|"from"/"to"|"amount"/"unit"|"from"/"to"/"unit"}.
 * Aggregates: {"kind":"at_least"|"at_most"|"exactly","count":N} or
 *   {"kind":"sum"|"avg"|"min"|"max","path"|"system":[...],"cmp":">=","value":50}.
 */

/** Converts expressions to and from their stable JSON form. Stateless and thread-safe. */
public final class ExprJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /**
   * The attribute mapper's nesting limit fits customer data, not expressions: each level of an
   * expression is up to two levels of JSON (an object and its {@code args} array), so the JSON form
   * allows twice the text form's depth, and {@link #expr} holds the tree to the text form's.
   */
  private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2 * Parser.MAX_DEPTH + 16).build())
          .build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final Map<String, CompareOp> OPS = Map.of(
      "=", CompareOp.EQ, "!=", CompareOp.NE, "<", CompareOp.LT, "<=", CompareOp.LE,
      ">", CompareOp.GT, ">=", CompareOp.GE);

  private ExprJson() {}

  /** The expression as compact JSON text. */
  public static String write(Expr expr) {
    try {
      return MAPPER.writeValueAsString(toNode(expr));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an expression tree always serialises", e);
    }
  }

  /**
   * Reads an expression from its JSON form.
   *
   * @throws InvalidInputException naming the JSON location, the value and the rule it breaks
   */
  public static Expr read(String json) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("json", json, "must be valid JSON: " + e.getOriginalMessage());
    }
    return expr(node, "$", 1);
  }

  /** The expression as a Jackson tree. */
  public static ObjectNode toNode(Expr expr) {
    ObjectNode out = NODES.objectNode();
    if (expr instanceof Or or) {
      out.put("op", "or");
      ArrayNode args = out.putArray("args");
      or.args().forEach(arg -> args.add(toNode(arg)));
    } else if (expr instanceof And and) {
      out.put("op", "and");
      ArrayNode args = out.putArray("args");
      and.args().forEach(arg -> args.add(toNode(arg)));
    } else if (expr instanceof Not not) {
      out.put("op", "not");
      out.set("arg", toNode(not.arg()));
    } else if (expr instanceof PathCheck check) {
      check(check, out);
    } else if (expr instanceof EventCondition event) {
      out.put("op", "event");
      if (event.type() == null) {
        out.putNull("type");
      } else {
        out.put("type", event.type());
      }
      out.set("aggregate", aggregate(event.aggregate()));
      out.set("window", window(event.window()));
      if (event.filter() != null) {
        out.set("filter", toNode(event.filter()));
      }
    } else if (expr instanceof AnyWhere any) {
      out.put("op", "any");
      path(any.path(), out);
      out.set("filter", toNode(any.filter()));
    } else if (expr instanceof InSegment segment) {
      out.put("op", "in_segment");
      out.put("name", segment.name());
    } else if (expr instanceof InGroup group) {
      out.put("op", "in_group");
      out.put("name", group.name());
    } else if (expr instanceof ConsentIs consent) {
      out.put("op", "consent");
      out.put("channel", consent.channel());
      out.put("status", consent.status().name().toLowerCase(Locale.ROOT));
    } else if (expr instanceof ReachableVia reachable) {
      out.put("op", "reachable");
      out.put("channel", reachable.channel());
    } else if (expr instanceof Everyone) {
      out.put("op", "everyone");
    }
    return out;
  }

  private static void check(PathCheck pathCheck, ObjectNode out) {
    Check check = pathCheck.check();
    if (check instanceof Check.Compare compare) {
      out.put("op", compare.op().symbol());
      path(pathCheck.path(), out);
      out.set("value", literal(compare.value()));
    } else if (check instanceof Check.Contains contains) {
      out.put("op", contains.negated() ? "not_contains" : "contains");
      path(pathCheck.path(), out);
      out.set("value", literal(contains.value()));
    } else if (check instanceof Check.StartsWith starts) {
      out.put("op", "starts_with");
      path(pathCheck.path(), out);
      out.put("value", starts.prefix());
    } else if (check instanceof Check.EndsWith ends) {
      out.put("op", "ends_with");
      path(pathCheck.path(), out);
      out.put("value", ends.suffix());
    } else if (check instanceof Check.Matches matches) {
      out.put("op", "matches");
      path(pathCheck.path(), out);
      out.put("value", matches.pattern());
    } else if (check instanceof Check.InList in) {
      out.put("op", in.negated() ? "not_in" : "in");
      path(pathCheck.path(), out);
      out.set("value", literal(in.values()));
    } else if (check instanceof Check.Between between) {
      out.put("op", "between");
      path(pathCheck.path(), out);
      out.set("low", literal(between.low()));
      out.set("high", literal(between.high()));
    } else if (check instanceof Check.IsEmpty empty) {
      out.put("op", empty.negated() ? "is_not_empty" : "is_empty");
      path(pathCheck.path(), out);
    } else if (check instanceof Check.InWindow window) {
      out.put("op", "window");
      path(pathCheck.path(), out);
      out.set("window", window(window.window()));
    }
  }

  private static void path(Path path, ObjectNode out) {
    ArrayNode parts = out.putArray(path.system() ? "system" : "path");
    path.parts().forEach(parts::add);
  }

  private static JsonNode literal(Literal literal) {
    if (literal instanceof Literal.Text text) {
      return NODES.textNode(text.value());
    }
    if (literal instanceof Literal.Num num) {
      BigDecimal value = num.value();
      return NODES.numberNode(value.scale() < 0 ? value.setScale(0) : value);
    }
    if (literal instanceof Literal.Bool bool) {
      return NODES.booleanNode(bool.value());
    }
    if (literal instanceof Literal.Date date) {
      return NODES.objectNode().put("date", date.value().toString());
    }
    if (literal instanceof Literal.DateTime dateTime) {
      return NODES.objectNode()
          .put("datetime", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime.value()));
    }
    ArrayNode items = NODES.arrayNode();
    ((Literal.ListOf) literal).items().forEach(item -> items.add(literal(item)));
    return items;
  }

  private static ObjectNode aggregate(Aggregate aggregate) {
    ObjectNode out = NODES.objectNode();
    if (aggregate instanceof Aggregate.Count count) {
      out.put("kind", count.op().name().toLowerCase(Locale.ROOT));
      out.put("count", count.count());
    } else {
      Aggregate.MetricOf metric = (Aggregate.MetricOf) aggregate;
      out.put("kind", metric.metric().name().toLowerCase(Locale.ROOT));
      path(metric.path(), out);
      out.put("cmp", metric.op().symbol());
      out.set("value", literal(metric.value()));
    }
    return out;
  }

  private static ObjectNode window(Window window) {
    ObjectNode out = NODES.objectNode();
    if (window instanceof Window.Anytime) {
      out.put("kind", "anytime");
    } else if (window instanceof Window.On on) {
      out.put("kind", "on").put("date", on.date().toString());
    } else if (window instanceof Window.Before before) {
      out.put("kind", "before").put("date", before.date().toString());
    } else if (window instanceof Window.After after) {
      out.put("kind", "after").put("date", after.date().toString());
    } else if (window instanceof Window.BetweenDates between) {
      out.put("kind", "between_dates").put("from", between.from().toString())
          .put("to", between.to().toString());
    } else if (window instanceof Window.Last last) {
      out.put("kind", "last").put("amount", last.amount()).put("unit", unit(last.unit()));
    } else if (window instanceof Window.Next next) {
      out.put("kind", "next").put("amount", next.amount()).put("unit", unit(next.unit()));
    } else if (window instanceof Window.ExactlyAgo ago) {
      out.put("kind", "exactly_ago").put("amount", ago.amount()).put("unit", unit(ago.unit()));
    } else if (window instanceof Window.MoreThanAgo ago) {
      out.put("kind", "more_than_ago").put("amount", ago.amount()).put("unit", unit(ago.unit()));
    } else if (window instanceof Window.BetweenAgo ago) {
      out.put("kind", "between_ago").put("from", ago.from()).put("to", ago.to())
          .put("unit", unit(ago.unit()));
    }
    return out;
  }

  private static String unit(CalendarUnit unit) {
    return unit.name().toLowerCase(Locale.ROOT);
  }

  // ---- reading ----

  private static Expr expr(JsonNode node, String at, int depth) {
    if (!node.isObject()) {
      throw new InvalidInputException(at, node.toString(), "must be an expression object");
    }
    if (depth > Parser.MAX_DEPTH) {
      throw new InvalidInputException(at, "an expression " + depth + " levels deep",
          "must nest at most " + Parser.MAX_DEPTH + " levels, as in the text form");
    }
    String op = text(node, "op", at);
    try {
      switch (op) {
        case "or":
          return new Or(exprs(node, at, depth));
        case "and":
          return new And(exprs(node, at, depth));
        case "not":
          return new Not(expr(required(node, "arg", at), at + ".arg", depth + 1));
        case "event": {
          JsonNode type = required(node, "type", at);
          if (!type.isNull() && !type.isTextual()) {
            throw new InvalidInputException(at + ".type", type.toString(), "must be text or null");
          }
          JsonNode filter = node.get("filter");
          return new EventCondition(type.isNull() ? null : type.textValue(),
              aggregate(required(node, "aggregate", at), at + ".aggregate"),
              window(required(node, "window", at), at + ".window"),
              filter == null || filter.isNull() ? null : expr(filter, at + ".filter", depth + 1));
        }
        case "any":
          return new AnyWhere(path(node, at), expr(required(node, "filter", at), at + ".filter", depth + 1));
        case "in_segment":
          return new InSegment(text(node, "name", at));
        case "in_group":
          return new InGroup(text(node, "name", at));
        case "consent":
          return new ConsentIs(text(node, "channel", at),
              ConsentStatus.valueOf(enumName(node, "status", at, List.of("granted", "denied", "unknown"))));
        case "reachable":
          return new ReachableVia(text(node, "channel", at));
        case "everyone":
          return new Everyone();
        default:
          return new PathCheck(path(node, at), check(op, node, at));
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(at, node.toString(), e.getMessage());
    }
  }

  private static List<Expr> exprs(JsonNode node, String at, int depth) {
    JsonNode args = required(node, "args", at);
    if (!args.isArray()) {
      throw new InvalidInputException(at + ".args", args.toString(), "must be an array");
    }
    List<Expr> result = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      result.add(expr(args.get(i), at + ".args[" + i + "]", depth + 1));
    }
    return result;
  }

  private static Check check(String op, JsonNode node, String at) {
    CompareOp compare = OPS.get(op);
    if (compare != null) {
      return new Check.Compare(compare, literal(required(node, "value", at), at + ".value"));
    }
    switch (op) {
      case "contains":
      case "not_contains":
        return new Check.Contains(op.equals("not_contains"),
            literal(required(node, "value", at), at + ".value"));
      case "starts_with":
        return new Check.StartsWith(text(node, "value", at));
      case "ends_with":
        return new Check.EndsWith(text(node, "value", at));
      case "matches":
        return new Check.Matches(text(node, "value", at));
      case "in":
      case "not_in": {
        Literal list = literal(required(node, "value", at), at + ".value");
        if (!(list instanceof Literal.ListOf items)) {
          throw new InvalidInputException(at + ".value", node.get("value").toString(), "must be an array");
        }
        return new Check.InList(op.equals("not_in"), items);
      }
      case "between":
        return new Check.Between(literal(required(node, "low", at), at + ".low"),
            literal(required(node, "high", at), at + ".high"));
      case "is_empty":
        return new Check.IsEmpty(false);
      case "is_not_empty":
        return new Check.IsEmpty(true);
      case "window":
        return new Check.InWindow(window(required(node, "window", at), at + ".window"));
      default:
        throw new InvalidInputException(at + ".op", op, "must be a known operator");
    }
  }

  private static Path path(JsonNode node, String at) {
    JsonNode attr = node.get("path");
    JsonNode system = node.get("system");
    if ((attr == null) == (system == null)) {
      throw new InvalidInputException(at, node.toString(), "must have exactly one of \"path\" and \"system\"");
    }
    JsonNode parts = attr != null ? attr : system;
    String where = at + (attr != null ? ".path" : ".system");
    if (!parts.isArray()) {
      throw new InvalidInputException(where, parts.toString(), "must be an array of strings");
    }
    List<String> names = new ArrayList<>();
    for (JsonNode part : parts) {
      if (!part.isTextual()) {
        throw new InvalidInputException(where, parts.toString(), "must be an array of strings");
      }
      names.add(part.textValue());
    }
    try {
      return new Path(system != null, names);
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(where, parts.toString(), e.getMessage());
    }
  }

  private static Literal literal(JsonNode node, String at) {
    if (node.isTextual()) {
      return new Literal.Text(node.textValue());
    }
    if (node.isNumber()) {
      return new Literal.Num(node.decimalValue());
    }
    if (node.isBoolean()) {
      return new Literal.Bool(node.booleanValue());
    }
    if (node.isArray()) {
      List<Literal> items = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        if (item.isArray()) {
          throw new InvalidInputException(at + "[" + i + "]", item.toString(), "lists do not nest");
        }
        items.add(literal(item, at + "[" + i + "]"));
      }
      return new Literal.ListOf(items);
    }
    if (node.isObject() && node.size() == 1 && node.has("date")) {
      return new Literal.Date(date(node, "date", at));
    }
    if (node.isObject() && node.size() == 1 && node.has("datetime")) {
      String text = text(node, "datetime", at);
      try {
        return new Literal.DateTime(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME));
      } catch (DateTimeParseException e) {
        throw new InvalidInputException(at + ".datetime", text, "must be an ISO-8601 date-time with offset");
      }
    }
    throw new InvalidInputException(at, node.toString(),
        "must be a string, number, boolean, array, {\"date\":..} or {\"datetime\":..}");
  }

  private static Aggregate aggregate(JsonNode node, String at) {
    String kind = text(node, "kind", at);
    switch (kind) {
      case "at_least":
      case "at_most":
      case "exactly":
        return new Aggregate.Count(Aggregate.CountOp.valueOf(kind.toUpperCase(Locale.ROOT)),
            integer(node, "count", at));
      case "sum":
      case "avg":
      case "min":
      case "max": {
        CompareOp op = OPS.get(text(node, "cmp", at));
        if (op == null) {
          throw new InvalidInputException(at + ".cmp", node.get("cmp").toString(), "must be = != < <= > or >=");
        }
        return new Aggregate.MetricOf(Aggregate.Metric.valueOf(kind.toUpperCase(Locale.ROOT)),
            path(node, at), op, literal(required(node, "value", at), at + ".value"));
      }
      default:
        throw new InvalidInputException(at + ".kind", kind, "must be at_least, at_most, exactly, sum, avg, min or max");
    }
  }

  private static Window window(JsonNode node, String at) {
    String kind = text(node, "kind", at);
    switch (kind) {
      case "anytime":
        return new Window.Anytime();
      case "on":
        return new Window.On(date(node, "date", at));
      case "before":
        return new Window.Before(date(node, "date", at));
      case "after":
        return new Window.After(date(node, "date", at));
      case "between_dates":
        return new Window.BetweenDates(date(node, "from", at), date(node, "to", at));
      case "last":
        return new Window.Last(integer(node, "amount", at), unit(node, at));
      case "next":
        return new Window.Next(integer(node, "amount", at), unit(node, at));
      case "exactly_ago":
        return new Window.ExactlyAgo(integer(node, "amount", at), unit(node, at));
      case "more_than_ago":
        return new Window.MoreThanAgo(integer(node, "amount", at), unit(node, at));
      case "between_ago":
        return new Window.BetweenAgo(integer(node, "from", at), integer(node, "to", at), unit(node, at));
      default:
        throw new InvalidInputException(at + ".kind", kind, "must be a known window kind");
    }
  }

  private static CalendarUnit unit(JsonNode node, String at) {
    return CalendarUnit.valueOf(enumName(node, "unit", at,
        List.of("minute", "hour", "day", "week", "month", "year")));
  }

  private static String enumName(JsonNode node, String field, String at, List<String> allowed) {
    String value = text(node, field, at);
    if (!allowed.contains(value)) {
      throw new InvalidInputException(at + "." + field, value, "must be one of " + allowed);
    }
    return value.toUpperCase(Locale.ROOT);
  }

  private static LocalDate date(JsonNode node, String field, String at) {
    String text = text(node, field, at);
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(at + "." + field, text, "must be an ISO-8601 date");
    }
  }

  private static int integer(JsonNode node, String field, String at) {
    JsonNode value = required(node, field, at);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new InvalidInputException(at + "." + field, value.toString(), "must be a whole number");
    }
    return value.intValue();
  }

  private static String text(JsonNode node, String field, String at) {
    JsonNode value = required(node, field, at);
    if (!value.isTextual()) {
      throw new InvalidInputException(at + "." + field, value.toString(), "must be text");
    }
    return value.textValue();
  }

  private static JsonNode required(JsonNode node, String field, String at) {
    JsonNode value = node.get(field);
    if (value == null) {
      throw new InvalidInputException(at + "." + field, null, "is required");
    }
    return value;
  }
}
