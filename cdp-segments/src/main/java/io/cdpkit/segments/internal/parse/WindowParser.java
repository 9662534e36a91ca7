package io.cdpkit.segments.internal.parse;

import io.cdpkit.segments.ast.CalendarUnit;
import io.cdpkit.segments.ast.Window;
import io.cdpkit.segments.internal.parse.Token.Kind;
import java.time.LocalDate;
import java.util.Set;

/** Reads time windows: of an event ("in the last 7 days") and of a date test on a path. */
final class WindowParser {
  private static final Set<String> WINDOW_STARTS =
      Set.of("anytime", "on", "before", "after", "between", "in", "exactly", "more");

  private final TokenCursor in;

  WindowParser(TokenCursor in) {
    this.in = in;
  }

  /** The window after an event's type and count, {@link Window.Anytime} when none follows. */
  Window eventWindow() {
    Token start = in.peek();
    String word = start.lowerWord();
    if (!WINDOW_STARTS.contains(word)) {
      return new Window.Anytime();
    }
    if (word.equals("between")) {
      in.advance();
      Token first = in.peek();
      if (first.kind() == Kind.DATE) {
        LocalDate from = in.date();
        in.expectKeyword("and");
        return in.at(new Window.BetweenDates(from, in.date()), start);
      }
      if (first.kind() == Kind.NUMBER) {
        int from = in.integer("a whole number");
        in.expectKeyword("and");
        int to = in.integer("a whole number");
        CalendarUnit unit = in.unit();
        in.expectKeyword("ago");
        return in.at(new Window.BetweenAgo(from, to, unit), start);
      }
      throw in.error(first, "a date or a whole number");
    }
    return window();
  }

  /** A window that does not start with "between". */
  Window window() {
    Token start = in.peek();
    in.advance();
    Window window;
    switch (start.lowerWord()) {
      case "anytime":
        window = new Window.Anytime();
        break;
      case "on":
        window = new Window.On(in.date());
        break;
      case "before":
        window = new Window.Before(in.date());
        break;
      case "after":
        window = new Window.After(in.date());
        break;
      case "in": {
        in.expectKeyword("the");
        Token which = in.peek();
        in.advance();
        int amount;
        switch (which.lowerWord()) {
          case "last":
          case "past":
            amount = in.integer("a whole number");
            window = new Window.Last(amount, in.unit());
            break;
          case "next":
            amount = in.integer("a whole number");
            window = new Window.Next(amount, in.unit());
            break;
          default:
            throw in.error(which, "\"last\", \"past\" or \"next\"");
        }
        break;
      }
      case "exactly": {
        int amount = in.integer("a whole number");
        CalendarUnit unit = in.unit();
        in.expectKeyword("ago");
        window = new Window.ExactlyAgo(amount, unit);
        break;
      }
      case "more": {
        in.expectKeyword("than");
        int amount = in.integer("a whole number");
        CalendarUnit unit = in.unit();
        in.expectKeyword("ago");
        window = new Window.MoreThanAgo(amount, unit);
        break;
      }
      default:
        throw in.error(start, "a window");
    }
    return in.at(window, start);
  }
}
