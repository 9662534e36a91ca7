package io.cdpkit.segments.internal.parse;

import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
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
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/*
 * The canonical form: lower-case keywords, double-quoted strings, back-quoted path parts only where
 * a bare word would not read back, and parentheses only where precedence needs them (an "or" under
 * an "and", an "and"/"or" under a "not") or the grammar does ("where" takes a single condition, so
 * a compound filter is parenthesised). Defaults are left out: "at least 1" and "anytime" on events.
 */

/** Prints expressions in the canonical form. Stateless and thread-safe. */
public final class Printer {
  private static final int OR = 1;
  private static final int AND = 2;
  private static final int UNARY = 3;

  private Printer() {}

  /** The canonical text of an expression. */
  public static String print(Expr expr) {
    StringBuilder out = new StringBuilder();
    expr(expr, 0, out);
    return out.toString();
  }

  /** The canonical text of a path. */
  public static String path(Path path) {
    StringBuilder out = new StringBuilder();
    path(path, out);
    return out.toString();
  }

  /** The canonical text of a literal. */
  public static String literal(Literal literal) {
    StringBuilder out = new StringBuilder();
    literal(literal, out);
    return out.toString();
  }

  /** The canonical text of a window. */
  public static String window(Window window) {
    StringBuilder out = new StringBuilder();
    window(window, out);
    return out.toString();
  }

  /** A string in double quotes with {@code \"}, {@code \\}, {@code \n}, {@code \t}, {@code \}{@code uXXXX} escapes. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2);
    quoted(text, '"', out);
    return out.toString();
  }

  private static int precedence(Expr expr) {
    if (expr instanceof Or) {
      return OR;
    }
    if (expr instanceof And) {
      return AND;
    }
    return UNARY;
  }

  private static void expr(Expr expr, int minPrecedence, StringBuilder out) {
    boolean parens = precedence(expr) < minPrecedence;
    if (parens) {
      out.append('(');
    }
    if (expr instanceof Or or) {
      join(or.args(), " or ", OR + 1, out);
    } else if (expr instanceof And and) {
      join(and.args(), " and ", AND + 1, out);
    } else if (expr instanceof Not not) {
      out.append("not ");
      expr(not.arg(), UNARY, out);
    } else {
      condition(expr, out);
    }
    if (parens) {
      out.append(')');
    }
  }

  private static void join(java.util.List<Expr> args, String separator, int min, StringBuilder out) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        out.append(separator);
      }
      expr(args.get(i), min, out);
    }
  }

  private static void filter(Expr filter, StringBuilder out) {
    if (filter instanceof Or || filter instanceof And || filter instanceof Not) {
      out.append('(');
      expr(filter, 0, out);
      out.append(')');
    } else {
      condition(filter, out);
    }
  }

  private static void condition(Expr expr, StringBuilder out) {
    if (expr instanceof PathCheck check) {
      path(check.path(), out);
      out.append(' ');
      check(check.check(), out);
    } else if (expr instanceof EventCondition event) {
      event(event, out);
    } else if (expr instanceof AnyWhere any) {
      out.append("any ");
      path(any.path(), out);
      out.append(" where ");
      filter(any.filter(), out);
    } else if (expr instanceof InSegment segment) {
      out.append("in segment ");
      quoted(segment.name(), '"', out);
    } else if (expr instanceof InGroup group) {
      out.append("in group ");
      quoted(group.name(), '"', out);
    } else if (expr instanceof ConsentIs consent) {
      out.append("consent ");
      part(consent.channel(), false, out);
      out.append(' ').append(consent.status().name().toLowerCase(Locale.ROOT));
    } else if (expr instanceof ReachableVia reachable) {
      out.append("reachable via ");
      part(reachable.channel(), false, out);
    } else if (expr instanceof Everyone) {
      out.append("everyone");
    } else {
      throw new IllegalStateException("not a condition: " + expr);
    }
  }

  private static void event(EventCondition event, StringBuilder out) {
    out.append("event ");
    if (event.type() == null) {
      out.append('*');
    } else {
      quoted(event.type(), '"', out);
    }
    Aggregate aggregate = event.aggregate();
    if (aggregate instanceof Aggregate.Count count) {
      if (!count.equals(Aggregate.Count.AT_LEAST_ONE)) {
        switch (count.op()) {
          case AT_LEAST:
            out.append(" at least ");
            break;
          case AT_MOST:
            out.append(" at most ");
            break;
          default:
            out.append(" exactly ");
            break;
        }
        out.append(count.count());
      }
    } else if (aggregate instanceof Aggregate.MetricOf metric) {
      out.append(' ').append(metric.metric().name().toLowerCase(Locale.ROOT)).append(" of ");
      path(metric.path(), out);
      out.append(' ').append(metric.op().symbol()).append(' ');
      literal(metric.value(), out);
    }
    if (!(event.window() instanceof Window.Anytime)) {
      out.append(' ');
      window(event.window(), out);
    }
    if (event.filter() != null) {
      out.append(" where ");
      filter(event.filter(), out);
    }
  }

  private static void check(Check check, StringBuilder out) {
    if (check instanceof Check.Compare compare) {
      out.append(compare.op().symbol()).append(' ');
      literal(compare.value(), out);
    } else if (check instanceof Check.Contains contains) {
      out.append(contains.negated() ? "not contains " : "contains ");
      literal(contains.value(), out);
    } else if (check instanceof Check.StartsWith starts) {
      out.append("starts with ");
      quoted(starts.prefix(), '"', out);
    } else if (check instanceof Check.EndsWith ends) {
      out.append("ends with ");
      quoted(ends.suffix(), '"', out);
    } else if (check instanceof Check.Matches matches) {
      out.append("matches ");
      quoted(matches.pattern(), '"', out);
    } else if (check instanceof Check.InList in) {
      out.append(in.negated() ? "not in " : "in ");
      literal(in.values(), out);
    } else if (check instanceof Check.Between between) {
      out.append("between ");
      literal(between.low(), out);
      out.append(" and ");
      literal(between.high(), out);
    } else if (check instanceof Check.IsEmpty empty) {
      out.append(empty.negated() ? "is not empty" : "is empty");
    } else if (check instanceof Check.InWindow window) {
      window(window.window(), out);
    }
  }

  private static void window(Window window, StringBuilder out) {
    if (window instanceof Window.Anytime) {
      out.append("anytime");
    } else if (window instanceof Window.On on) {
      out.append("on ").append(on.date());
    } else if (window instanceof Window.Before before) {
      out.append("before ").append(before.date());
    } else if (window instanceof Window.After after) {
      out.append("after ").append(after.date());
    } else if (window instanceof Window.BetweenDates between) {
      out.append("between ").append(between.from()).append(" and ").append(between.to());
    } else if (window instanceof Window.Last last) {
      out.append("in the last ").append(last.amount()).append(' ').append(last.unit().word(last.amount()));
    } else if (window instanceof Window.Next next) {
      out.append("in the next ").append(next.amount()).append(' ').append(next.unit().word(next.amount()));
    } else if (window instanceof Window.ExactlyAgo ago) {
      out.append("exactly ").append(ago.amount()).append(' ').append(ago.unit().word(ago.amount()))
          .append(" ago");
    } else if (window instanceof Window.MoreThanAgo ago) {
      out.append("more than ").append(ago.amount()).append(' ').append(ago.unit().word(ago.amount()))
          .append(" ago");
    } else if (window instanceof Window.BetweenAgo ago) {
      out.append("between ").append(ago.from()).append(" and ").append(ago.to()).append(' ')
          .append(ago.unit().word(ago.to())).append(" ago");
    }
  }

  private static void literal(Literal literal, StringBuilder out) {
    if (literal instanceof Literal.Text text) {
      quoted(text.value(), '"', out);
    } else if (literal instanceof Literal.Num num) {
      out.append(num.value().toPlainString());
    } else if (literal instanceof Literal.Bool bool) {
      out.append(bool.value());
    } else if (literal instanceof Literal.Date date) {
      out.append(date.value());
    } else if (literal instanceof Literal.DateTime dateTime) {
      out.append(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(dateTime.value()));
    } else if (literal instanceof Literal.ListOf list) {
      out.append('[');
      for (int i = 0; i < list.items().size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        literal(list.items().get(i), out);
      }
      out.append(']');
    }
  }

  private static void path(Path path, StringBuilder out) {
    for (int i = 0; i < path.parts().size(); i++) {
      String part = path.parts().get(i);
      if (i == 0 && path.system()) {
        out.append('$').append(part);
      } else {
        if (i > 0) {
          out.append('.');
        }
        part(part, i == 0, out);
      }
    }
  }

  /** A path part or channel: bare when it lexes as a word and cannot be read as the start of a condition. */
  private static void part(String part, boolean first, StringBuilder out) {
    if (Keywords.isBareWord(part) && !(first && Keywords.startsCondition(part))) {
      out.append(part);
    } else {
      quoted(part, '`', out);
    }
  }

  private static void quoted(String text, char quote, StringBuilder out) {
    out.append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == quote || c == '\\') {
        out.append('\\').append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validPair(text, i)) {
        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append(quote);
  }

  private static boolean validPair(String text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
