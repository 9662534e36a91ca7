package io.cdpkit.segments.internal.parse;

import io.cdpkit.segments.ast.CalendarUnit;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Window;
import io.cdpkit.segments.internal.parse.Token.Kind;

/** Reads the test after a path: a comparison, contains, in, between, is empty or a window. */
final class CheckParser {
  private final TokenCursor in;
  private final ValueParser values;
  private final WindowParser windows;

  CheckParser(TokenCursor in, ValueParser values, WindowParser windows) {
    this.in = in;
    this.values = values;
    this.windows = windows;
  }

  Check check() {
    Token start = in.peek();
    if (start.kind() == Kind.OP) {
      CompareOp op = values.compareOp();
      return in.at(new Check.Compare(op, values.literal()), start);
    }
    switch (start.lowerWord()) {
      case "not": {
        in.advance();
        Token next = in.peek();
        if (next.isKeyword("contains")) {
          in.advance();
          return in.at(new Check.Contains(true, values.literal()), start);
        }
        if (next.isKeyword("in")) {
          in.advance();
          return in.at(new Check.InList(true, values.list()), start);
        }
        throw in.error(next, "\"contains\" or \"in\"");
      }
      case "contains":
        in.advance();
        return in.at(new Check.Contains(false, values.literal()), start);
      case "starts":
        in.advance();
        in.expectKeyword("with");
        return in.at(new Check.StartsWith(in.string("a string")), start);
      case "ends":
        in.advance();
        in.expectKeyword("with");
        return in.at(new Check.EndsWith(in.string("a string")), start);
      case "matches":
        in.advance();
        return in.at(new Check.Matches(in.string("a regular expression in quotes")), start);
      case "in":
        // "in [" starts a list, "in the" a window.
        if (in.peek(1).kind() == Kind.LBRACKET) {
          in.advance();
          return in.at(new Check.InList(false, values.list()), start);
        }
        if (in.peek(1).isKeyword("the")) {
          return in.at(new Check.InWindow(windows.window()), start);
        }
        throw in.error(in.peek(1), "\"[\" or \"the\"");
      case "between":
        in.advance();
        return in.at(between(), start);
      case "is": {
        in.advance();
        boolean negated = false;
        if (in.peek().isKeyword("not")) {
          in.advance();
          negated = true;
        }
        in.expectKeyword("empty");
        return in.at(new Check.IsEmpty(negated), start);
      }
      case "anytime":
      case "on":
      case "before":
      case "after":
      case "exactly":
      case "more":
        return in.at(new Check.InWindow(windows.window()), start);
      default:
        throw in.error(start, "a test such as =, !=, <, contains, in, between, is empty or a window");
    }
  }

  // "between" literal "and" literal | "between" integer "and" integer unit "ago"
  private Check between() {
    Token lowToken = in.peek();
    Literal low = values.literal();
    in.expectKeyword("and");
    Token highToken = in.peek();
    Literal high = values.literal();
    if (in.isUnit(in.peek())) {
      // A unit after "between A and B" makes the window "between A and B unit ago".
      int from = values.asInteger(low, lowToken);
      int to = values.asInteger(high, highToken);
      CalendarUnit unit = in.unit();
      in.expectKeyword("ago");
      return new Check.InWindow(in.at(new Window.BetweenAgo(from, to, unit), lowToken));
    }
    in.at(low, lowToken);
    in.at(high, highToken);
    return new Check.Between(low, high);
  }
}
