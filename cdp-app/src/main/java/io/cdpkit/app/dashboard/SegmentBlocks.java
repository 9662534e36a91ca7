package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.CalendarUnit;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.Window;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The segment builder's blocks, both ways: blocks to a segment expression, and an expression back
 * to blocks where it has their shape. Groups are joined by {@code or}, the blocks inside a group
 * by {@code and}:
 *
 * <pre>{@code
 * {"groups": [{"blocks": [
 *   {"type": "attribute", "path": "age", "operator": "<", "value": "30"},
 *   {"type": "event", "eventType": "ticket_bought", "count": "at least", "times": 1,
 *    "window": {"kind": "last", "amount": 2, "unit": "years"},
 *    "where": {"path": "festival", "operator": "=", "value": "The Festival 2018"}}]}]}
 * }</pre>
 *
 * <p>Operators: {@code = != < <= > >=}, {@code contains}, {@code not contains}, {@code starts
 * with}, {@code ends with}, {@code is empty}, {@code is not empty}. A value is a number, {@code
 * true}/{@code false} or a date ({@code 2024-05-01}) when it reads as one, else text. Windows:
 * {@code anytime}; {@code last}/{@code next}/{@code exactlyAgo}/{@code moreThanAgo} with {@code
 * amount} and {@code unit}; {@code betweenAgo} with {@code from}, {@code to}, {@code unit}; {@code
 * on}/{@code before}/{@code after} with {@code date}; {@code between} with {@code from} and
 * {@code to} dates. Stateless.
 */
final class SegmentBlocks {
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern PLAIN_PART = Pattern.compile("[^.`]+");
  private static final List<String> COUNTS = List.of("at least", "at most", "exactly");

  private SegmentBlocks() {}

  /**
   * The expression the blocks write.
   *
   * @throws BadParameterException naming the block's place ({@code groups[0].blocks[1].value})
   */
  static SegmentExpression toExpression(JsonNode blocks) {
    List<Expr> groups = new ArrayList<>();
    JsonNode groupList = blocks.path("groups");
    for (int g = 0; g < groupList.size(); g++) {
      List<Expr> ands = new ArrayList<>();
      JsonNode blockList = groupList.get(g).path("blocks");
      for (int b = 0; b < blockList.size(); b++) {
        ands.add(block(blockList.get(b), "groups[" + g + "].blocks[" + b + "]"));
      }
      if (!ands.isEmpty()) {
        groups.add(ands.size() == 1 ? ands.get(0) : new And(ands));
      }
    }
    if (groups.isEmpty()) {
      throw new BadParameterException("groups", "at least one block is needed");
    }
    return SegmentExpression.of(groups.size() == 1 ? groups.get(0) : new Or(groups));
  }

  /** One block as a condition. */
  static Expr block(JsonNode block, String where) {
    String type = block.path("type").asText();
    return switch (type) {
      case "attribute" -> check(block, where);
      case "event" -> event(block, where);
      default -> throw new BadParameterException(where + ".type", "attribute or event is needed, was '" + type + "'");
    };
  }

  /** The blocks of an expression, or null when it is not OR-of-ANDs of blocks. */
  static @Nullable ObjectNode fromExpression(Expr expr) {
    List<Expr> groups = expr instanceof Or or ? or.args() : List.of(expr);
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    ArrayNode groupJson = json.putArray("groups");
    for (Expr group : groups) {
      List<Expr> blocks = group instanceof And and ? and.args() : List.of(group);
      ArrayNode blockJson = groupJson.addObject().putArray("blocks");
      for (Expr block : blocks) {
        ObjectNode one = block(block);
        if (one == null) {
          return null;
        }
        blockJson.add(one);
      }
    }
    return json;
  }

  private static @Nullable ObjectNode block(Expr expr) {
    if (expr instanceof PathCheck check) {
      ObjectNode json = check(check);
      return json == null ? null : json.put("type", "attribute");
    }
    if (expr instanceof EventCondition event && event.aggregate() instanceof Aggregate.Count count) {
      ObjectNode json = ChartJson.MAPPER.createObjectNode().put("type", "event")
          .put("eventType", event.type() == null ? "*" : event.type())
          .put("count", COUNTS.get(count.op().ordinal()))
          .put("times", count.count());
      json.set("window", window(event.window()));
      if (event.filter() != null) {
        if (!(event.filter() instanceof PathCheck filter)) {
          return null;
        }
        ObjectNode where = check(filter);
        if (where == null) {
          return null;
        }
        json.set("where", where);
      }
      return json;
    }
    return null;
  }

  private static Expr check(JsonNode block, String where) {
    Path path = path(required(block, "path", where), where + ".path");
    String operator = block.path("operator").asText();
    String value = block.path("value").asText("");
    CompareOp compare = CompareOp.fromSymbol(operator);
    Check check;
    if (compare != null) {
      check = new Check.Compare(compare, literal(value));
    } else {
      check = switch (operator) {
        case "contains" -> new Check.Contains(false, literal(value));
        case "not contains" -> new Check.Contains(true, literal(value));
        case "starts with" -> new Check.StartsWith(value);
        case "ends with" -> new Check.EndsWith(value);
        case "is empty" -> new Check.IsEmpty(false);
        case "is not empty" -> new Check.IsEmpty(true);
        default -> throw new BadParameterException(where + ".operator", "unknown operator '" + operator + "'");
      };
    }
    return new PathCheck(path, check);
  }

  private static @Nullable ObjectNode check(PathCheck check) {
    String path = pathText(check.path());
    if (path == null) {
      return null;
    }
    ObjectNode json = ChartJson.MAPPER.createObjectNode().put("path", path);
    Check test = check.check();
    if (test instanceof Check.Compare compare && text(compare.value()) != null) {
      return json.put("operator", compare.op().symbol()).put("value", text(compare.value()));
    } else if (test instanceof Check.Contains contains && text(contains.value()) != null) {
      return json.put("operator", contains.negated() ? "not contains" : "contains").put("value", text(contains.value()));
    } else if (test instanceof Check.StartsWith starts) {
      return json.put("operator", "starts with").put("value", starts.prefix());
    } else if (test instanceof Check.EndsWith ends) {
      return json.put("operator", "ends with").put("value", ends.suffix());
    } else if (test instanceof Check.IsEmpty empty) {
      return json.put("operator", empty.negated() ? "is not empty" : "is empty").put("value", "");
    }
    return null;
  }

  private static Expr event(JsonNode block, String where) {
    String type = required(block, "eventType", where);
    String count = block.path("count").asText("at least");
    int op = COUNTS.indexOf(count);
    if (op < 0) {
      throw new BadParameterException(where + ".count", "at least, at most or exactly is needed, was '" + count + "'");
    }
    int times = block.path("times").asInt(1);
    if (times < 0) {
      throw new BadParameterException(where + ".times", "must not be negative, was " + times);
    }
    EventCondition event = EventCondition.of(type.equals("*") ? null : type)
        .withAggregate(new Aggregate.Count(Aggregate.CountOp.values()[op], times))
        .withWindow(window(block.path("window"), where + ".window"));
    JsonNode filter = block.path("where");
    if (filter.isObject() && filter.hasNonNull("path") && !filter.path("path").asText().isBlank()) {
      event = event.where(check(filter, where + ".where"));
    }
    return event;
  }

  private static Window window(JsonNode json, String where) {
    String kind = json.path("kind").asText("anytime");
    try {
      return switch (kind) {
        case "anytime" -> new Window.Anytime();
        case "last" -> new Window.Last(amount(json, "amount", where), unit(json, where));
        case "next" -> new Window.Next(amount(json, "amount", where), unit(json, where));
        case "exactlyAgo" -> new Window.ExactlyAgo(amount(json, "amount", where), unit(json, where));
        case "moreThanAgo" -> new Window.MoreThanAgo(amount(json, "amount", where), unit(json, where));
        case "betweenAgo" -> new Window.BetweenAgo(amount(json, "from", where), amount(json, "to", where), unit(json, where));
        case "on" -> new Window.On(date(json, "date", where));
        case "before" -> new Window.Before(date(json, "date", where));
        case "after" -> new Window.After(date(json, "date", where));
        case "between" -> new Window.BetweenDates(date(json, "from", where), date(json, "to", where));
        default -> throw new BadParameterException(where + ".kind", "unknown window '" + kind + "'");
      };
    } catch (IllegalArgumentException e) {
      if (e instanceof BadParameterException bad) {
        throw bad;
      }
      throw new BadParameterException(where, e.getMessage());
    }
  }

  private static ObjectNode window(Window window) {
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    if (window instanceof Window.Last last) {
      return json.put("kind", "last").put("amount", last.amount()).put("unit", unit(last.unit()));
    } else if (window instanceof Window.Next next) {
      return json.put("kind", "next").put("amount", next.amount()).put("unit", unit(next.unit()));
    } else if (window instanceof Window.ExactlyAgo ago) {
      return json.put("kind", "exactlyAgo").put("amount", ago.amount()).put("unit", unit(ago.unit()));
    } else if (window instanceof Window.MoreThanAgo ago) {
      return json.put("kind", "moreThanAgo").put("amount", ago.amount()).put("unit", unit(ago.unit()));
    } else if (window instanceof Window.BetweenAgo ago) {
      return json.put("kind", "betweenAgo").put("from", ago.from()).put("to", ago.to()).put("unit", unit(ago.unit()));
    } else if (window instanceof Window.On on) {
      return json.put("kind", "on").put("date", on.date().toString());
    } else if (window instanceof Window.Before before) {
      return json.put("kind", "before").put("date", before.date().toString());
    } else if (window instanceof Window.After after) {
      return json.put("kind", "after").put("date", after.date().toString());
    } else if (window instanceof Window.BetweenDates between) {
      return json.put("kind", "between").put("from", between.from().toString()).put("to", between.to().toString());
    }
    return json.put("kind", "anytime");
  }

  private static int amount(JsonNode json, String field, String where) {
    JsonNode value = json.path(field);
    if (value.isInt()) {
      return value.asInt();
    }
    String text = value.asText();
    if (!text.matches("\\d{1,9}")) {
      throw new BadParameterException(where + "." + field, "a whole number is needed, was '" + text + "'");
    }
    return Integer.parseInt(text);
  }

  private static String required(JsonNode json, String field, String where) {
    JsonNode value = json.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new BadParameterException(where + "." + field, "a non-empty text is needed");
    }
    return value.asText().strip();
  }

  private static CalendarUnit unit(JsonNode json, String where) {
    CalendarUnit unit = CalendarUnit.fromWord(json.path("unit").asText("days"));
    if (unit == null) {
      throw new BadParameterException(where + ".unit", "minutes, hours, days, weeks, months or years is needed");
    }
    return unit;
  }

  private static String unit(CalendarUnit unit) {
    return unit.word(2);
  }

  private static LocalDate date(JsonNode json, String field, String where) {
    String text = json.path(field).asText();
    try {
      return LocalDate.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadParameterException(where + "." + field, "a date as 2024-05-01 is needed, was '" + text + "'");
    }
  }

  /** A path as typed: {@code age}, {@code address.city}, {@code $identifier.email}, {@code $created_at}. */
  static Path path(String text, String where) {
    try {
      String[] parts = text.strip().split("\\.");
      if (text.startsWith("$")) {
        parts[0] = parts[0].substring(1);
        return new Path(true, List.of(parts));
      }
      return new Path(false, List.of(parts));
    } catch (IllegalArgumentException e) {
      throw new BadParameterException(where, e.getMessage());
    }
  }

  private static @Nullable String pathText(Path path) {
    for (String part : path.parts()) {
      if (!PLAIN_PART.matcher(part).matches()) {
        return null;
      }
    }
    return (path.system() ? "$" : "") + String.join(".", path.parts());
  }

  /** A value as typed: a number, a boolean or a date when it reads as one, else text. */
  static Literal literal(String text) {
    if (NUMBER.matcher(text).matches()) {
      return new Literal.Num(new BigDecimal(text));
    }
    if (text.equals("true") || text.equals("false")) {
      return new Literal.Bool(Boolean.parseBoolean(text));
    }
    if (DATE.matcher(text).matches()) {
      try {
        return new Literal.Date(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        return new Literal.Text(text);
      }
    }
    return new Literal.Text(text);
  }

  /** The literal as a block value, or null when the value box would read it back as something else. */
  private static @Nullable String text(Literal literal) {
    if (literal instanceof Literal.Text text) {
      return literal(text.value()) instanceof Literal.Text ? text.value() : null;
    } else if (literal instanceof Literal.Num number) {
      return number.value().toPlainString();
    } else if (literal instanceof Literal.Bool bool) {
      return Boolean.toString(bool.value());
    } else if (literal instanceof Literal.Date date) {
      return date.value().toString();
    }
    return null;
  }
}
