package io.cdpkit.segments.internal.parse;

import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.Window;
import io.cdpkit.segments.internal.parse.Token.Kind;
import java.util.Locale;
import java.util.function.Function;

/**
 * Reads an event condition: {@code "event" (string | "*") [aggregate] [window] ["where" filter]}.
 * Whether "exactly N unit" is a count or a window is decided in {@link #aggregate()}.
 */
final class EventConditionParser {
  private final TokenCursor in;
  private final ValueParser values;
  private final WindowParser windows;
  private final Function<Scope, Expr> filter;

  EventConditionParser(TokenCursor in, ValueParser values, WindowParser windows,
      Function<Scope, Expr> filter) {
    this.in = in;
    this.values = values;
    this.windows = windows;
    this.filter = filter;
  }

  /** Reads from the word "event" on. */
  EventCondition event() {
    in.advance();
    Token typeToken = in.peek();
    String type;
    if (typeToken.kind() == Kind.STRING) {
      type = (String) typeToken.value();
    } else if (typeToken.kind() == Kind.STAR) {
      type = null;
    } else {
      throw in.error(typeToken, "an event type in quotes, or *");
    }
    in.advance();
    Aggregate aggregate = aggregate();
    Window window = windows.eventWindow();
    Expr where = null;
    if (in.peek().isKeyword("where")) {
      in.advance();
      where = filter.apply(Scope.EVENT);
    }
    return new EventCondition(type, aggregate, window, where);
  }

  private Aggregate aggregate() {
    Token start = in.peek();
    switch (start.lowerWord()) {
      case "at": {
        in.advance();
        Token which = in.peek();
        Aggregate.CountOp op;
        if (which.isKeyword("least")) {
          op = Aggregate.CountOp.AT_LEAST;
        } else if (which.isKeyword("most")) {
          op = Aggregate.CountOp.AT_MOST;
        } else {
          throw in.error(which, "\"least\" or \"most\"");
        }
        in.advance();
        return in.at(countRest(op), start);
      }
      case "exactly":
        // "exactly N unit" is a window ("exactly 2 days ago"); anything else is the count.
        if (in.peek(1).kind() == Kind.NUMBER && in.isUnit(in.peek(2))) {
          return Aggregate.Count.AT_LEAST_ONE;
        }
        in.advance();
        return in.at(countRest(Aggregate.CountOp.EXACTLY), start);
      case "sum":
      case "avg":
      case "min":
      case "max": {
        in.advance();
        Aggregate.Metric metric = Aggregate.Metric.valueOf(start.lowerWord().toUpperCase(Locale.ROOT));
        in.expectKeyword("of");
        Path path = values.path(Scope.EVENT);
        CompareOp op = values.compareOp();
        Token valueToken = in.peek();
        Literal value = values.literal();
        Aggregate result = in.at(new Aggregate.MetricOf(metric, path, op, value), start);
        in.at(value, valueToken);
        return result;
      }
      default:
        return Aggregate.Count.AT_LEAST_ONE;
    }
  }

  private Aggregate countRest(Aggregate.CountOp op) {
    int count = in.integer("a whole number of events");
    if (in.peek().isKeyword("time") || in.peek().isKeyword("times")) {
      in.advance();
    }
    return new Aggregate.Count(op, count);
  }
}
