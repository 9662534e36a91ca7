package io.cdpkit.segments.internal.parse;

import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.segments.Problem;
import io.cdpkit.segments.SegmentSyntaxException;
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
import io.cdpkit.segments.internal.parse.Token.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/*
 * Hand-written recursive descent over the token list, one method per grammar rule. Lookahead is at
 * most three tokens (for "exactly N unit"). The disambiguation rules of the spec live in
 * aggregate(), eventWindow() and between(); the Scope argument says what paths name where a
 * condition stands, which is how "where" filters refuse profile-only conditions.
 */

/** Parses segment text into an {@link Expr}, recording where each node started. */
public final class Parser {
  private static final Set<String> WINDOW_STARTS =
      Set.of("anytime", "on", "before", "after", "between", "in", "exactly", "more");

  /** Deeper nesting of parentheses, "not"s and filters is refused rather than overflowing the stack. */
  public static final int MAX_DEPTH = 200;

  private final String source;
  private final List<Token> tokens;
  private final Positions positions = new Positions();
  private int index;
  private int depth;

  private Parser(String source) {
    this.source = source;
    this.tokens = Lexer.tokenize(source);
  }

  /** The result of parsing: the tree and where its nodes started. */
  public record Result(Expr expr, Positions positions) {}

  /**
   * Parses a whole expression.
   *
   * @throws SegmentSyntaxException at the first token that breaks the grammar
   */
  public static Result parse(String source) {
    Parser parser = new Parser(source);
    Expr expr = parser.or(Scope.PROFILE);
    parser.expect(Kind.EOF, "\"and\", \"or\" or the end of the expression");
    return new Result(expr, parser.positions);
  }

  /**
   * Parses a path on its own, such as {@code address.city} or {@code $identifier.email}.
   *
   * @throws SegmentSyntaxException when the text is not exactly one path
   */
  public static Path parsePath(String source, Scope scope) {
    Parser parser = new Parser(source);
    Path path = parser.path(scope);
    parser.expect(Kind.EOF, "the end of the path");
    return path;
  }

  // expression := or ; or := and ("or" and)*
  private Expr or(Scope scope) {
    enter();
    try {
      return orRest(scope);
    } finally {
      depth--;
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error(peek(), "an expression nested at most " + MAX_DEPTH + " levels deep");
    }
  }

  private Expr orRest(Scope scope) {
    Token start = peek();
    List<Expr> args = new ArrayList<>();
    args.add(and(scope));
    while (peek().isKeyword("or")) {
      index++;
      args.add(and(scope));
    }
    return args.size() == 1 ? args.get(0) : at(new Or(args), start);
  }

  // and := unary ("and" unary)*
  private Expr and(Scope scope) {
    Token start = peek();
    List<Expr> args = new ArrayList<>();
    args.add(unary(scope));
    while (peek().isKeyword("and")) {
      index++;
      args.add(unary(scope));
    }
    return args.size() == 1 ? args.get(0) : at(new And(args), start);
  }

  // unary := "not" unary | "(" expression ")" | condition
  private Expr unary(Scope scope) {
    Token start = peek();
    if (start.isKeyword("not")) {
      int mark = index;
      index++;
      enter();
      try {
        return at(new Not(unary(scope)), start);
      } catch (SegmentSyntaxException e) {
        throw pathNamedLikeKeyword(mark, e);
      } finally {
        depth--;
      }
    }
    if (start.kind() == Kind.LPAREN) {
      index++;
      Expr inner = or(scope);
      expect(Kind.RPAREN, "\")\"");
      return inner;
    }
    return condition(scope);
  }

  // filter := condition | "(" expression ")"
  private Expr filter(Scope scope) {
    if (peek().kind() == Kind.LPAREN) {
      index++;
      Expr inner = or(scope);
      expect(Kind.RPAREN, "\")\"");
      return inner;
    }
    return condition(scope);
  }

  private Expr condition(Scope scope) {
    Token start = peek();
    if (start.kind() == Kind.WORD && Keywords.startsCondition(start.raw())) {
      int mark = index;
      try {
        return keywordCondition(start, scope);
      } catch (SegmentSyntaxException e) {
        throw pathNamedLikeKeyword(mark, e);
      }
    }
    if (start.kind() == Kind.WORD || start.kind() == Kind.QUOTED || start.kind() == Kind.SYSTEM) {
      Path path = path(scope);
      return at(new PathCheck(path, check()), start);
    }
    throw error(start, "a condition");
  }

  /** The condition a keyword begins: event, any, in, consent, reachable or everyone. */
  private Expr keywordCondition(Token start, Scope scope) {
    switch (start.lowerWord()) {
      case "event":
        requireProfile(scope, start);
        return at(event(), start);
      case "any":
        index++;
        Path path = path(scope);
        expectKeyword("where");
        return at(new AnyWhere(path, filter(Scope.ELEMENT)), start);
      case "in":
        requireProfile(scope, start);
        index++;
        return at(membership(), start);
      case "consent":
        requireProfile(scope, start);
        index++;
        return at(consent(), start);
      case "reachable":
        requireProfile(scope, start);
        index++;
        expectKeyword("via");
        return at(new ReachableVia(channel()), start);
      case "everyone":
        index++;
        if (!endsCondition(peek())) {
          throw error(peek(), "\"and\", \"or\" or the end of the condition");
        }
        return at(new Everyone(), start);
      default:
        throw error(start, "a condition");
    }
  }

  private static boolean endsCondition(Token token) {
    return token.kind() == Kind.EOF || token.kind() == Kind.RPAREN || token.isKeyword("and") || token.isKeyword("or");
  }

  /**
   * The error for a condition that failed to parse after a word that begins conditions: when the
   * same tokens read as a path and its check ({@code reachable = 1}, {@code any.x > 2}), the user
   * named an attribute like the keyword and forgot its back-quotes, so say that; otherwise the
   * original error stands.
   */
  private SegmentSyntaxException pathNamedLikeKeyword(int wordIndex, SegmentSyntaxException original) {
    int savedIndex = index;
    int savedDepth = depth;
    index = wordIndex + 1;
    try {
      while (peek().kind() == Kind.DOT) {
        index++;
        if (peek().kind() != Kind.WORD && peek().kind() != Kind.QUOTED) {
          return original;
        }
        index++;
      }
      check();
    } catch (SegmentSyntaxException notAPathEither) {
      return original;
    } finally {
      index = savedIndex;
      depth = savedDepth;
    }
    Token word = tokens.get(wordIndex);
    return error(word, "a condition (\"" + word.raw() + "\" begins one; back-quote a path named like it: `"
        + word.raw() + "`)");
  }

  private void requireProfile(Scope scope, Token start) {
    if (scope != Scope.PROFILE) {
      throw error(start, scope == Scope.EVENT
          ? "a condition on event properties (\"" + start.raw() + "\" applies to profiles only)"
          : "a condition on the element's fields (\"" + start.raw() + "\" applies to profiles only)");
    }
  }

  private Expr membership() {
    Token what = peek();
    if (what.isKeyword("segment")) {
      index++;
      return new InSegment(string("a segment name in quotes"));
    }
    if (what.isKeyword("group")) {
      index++;
      return new InGroup(string("a group name in quotes"));
    }
    throw error(what, "\"segment\" or \"group\"");
  }

  private Expr consent() {
    String channel = channel();
    Token status = peek();
    ConsentStatus value;
    switch (status.lowerWord()) {
      case "granted":
        value = ConsentStatus.GRANTED;
        break;
      case "denied":
        value = ConsentStatus.DENIED;
        break;
      case "unknown":
        value = ConsentStatus.UNKNOWN;
        break;
      default:
        throw error(status, "\"granted\", \"denied\" or \"unknown\"");
    }
    index++;
    return new ConsentIs(channel, value);
  }

  private String channel() {
    Token token = peek();
    if (token.kind() == Kind.WORD || token.kind() == Kind.QUOTED) {
      index++;
      return (String) token.value();
    }
    throw error(token, "a channel name, such as email, sms, whatsapp or push");
  }

  // "event" (string | "*") [aggregate] [window] ["where" filter]
  private Expr event() {
    index++;
    Token typeToken = peek();
    String type;
    if (typeToken.kind() == Kind.STRING) {
      type = (String) typeToken.value();
    } else if (typeToken.kind() == Kind.STAR) {
      type = null;
    } else {
      throw error(typeToken, "an event type in quotes, or *");
    }
    index++;
    Aggregate aggregate = aggregate();
    Window window = eventWindow();
    Expr filter = null;
    if (peek().isKeyword("where")) {
      index++;
      filter = filter(Scope.EVENT);
    }
    return new EventCondition(type, aggregate, window, filter);
  }

  private Aggregate aggregate() {
    Token start = peek();
    switch (start.lowerWord()) {
      case "at": {
        index++;
        Token which = peek();
        Aggregate.CountOp op;
        if (which.isKeyword("least")) {
          op = Aggregate.CountOp.AT_LEAST;
        } else if (which.isKeyword("most")) {
          op = Aggregate.CountOp.AT_MOST;
        } else {
          throw error(which, "\"least\" or \"most\"");
        }
        index++;
        return at(countRest(op), start);
      }
      case "exactly":
        // "exactly N unit" is a window ("exactly 2 days ago"); anything else is the count.
        if (peek(1).kind() == Kind.NUMBER && isUnit(peek(2))) {
          return Aggregate.Count.AT_LEAST_ONE;
        }
        index++;
        return at(countRest(Aggregate.CountOp.EXACTLY), start);
      case "sum":
      case "avg":
      case "min":
      case "max": {
        index++;
        Aggregate.Metric metric = Aggregate.Metric.valueOf(start.lowerWord().toUpperCase(java.util.Locale.ROOT));
        expectKeyword("of");
        Path path = path(Scope.EVENT);
        CompareOp op = compareOp();
        Token valueToken = peek();
        Literal value = literal();
        Aggregate result = at(new Aggregate.MetricOf(metric, path, op, value), start);
        positions.put(value, valueToken);
        return result;
      }
      default:
        return Aggregate.Count.AT_LEAST_ONE;
    }
  }

  private Aggregate countRest(Aggregate.CountOp op) {
    int count = integer("a whole number of events");
    if (peek().isKeyword("time") || peek().isKeyword("times")) {
      index++;
    }
    return new Aggregate.Count(op, count);
  }

  private Window eventWindow() {
    Token start = peek();
    String word = start.lowerWord();
    if (!WINDOW_STARTS.contains(word)) {
      return new Window.Anytime();
    }
    if (word.equals("between")) {
      index++;
      Token first = peek();
      if (first.kind() == Kind.DATE) {
        LocalDate from = date();
        expectKeyword("and");
        return at(new Window.BetweenDates(from, date()), start);
      }
      if (first.kind() == Kind.NUMBER) {
        int from = integer("a whole number");
        expectKeyword("and");
        int to = integer("a whole number");
        CalendarUnit unit = unit();
        expectKeyword("ago");
        return at(new Window.BetweenAgo(from, to, unit), start);
      }
      throw error(first, "a date or a whole number");
    }
    return window();
  }

  /** A window that does not start with "between". */
  private Window window() {
    Token start = peek();
    index++;
    Window window;
    switch (start.lowerWord()) {
      case "anytime":
        window = new Window.Anytime();
        break;
      case "on":
        window = new Window.On(date());
        break;
      case "before":
        window = new Window.Before(date());
        break;
      case "after":
        window = new Window.After(date());
        break;
      case "in": {
        expectKeyword("the");
        Token which = peek();
        index++;
        int amount;
        switch (which.lowerWord()) {
          case "last":
          case "past":
            amount = integer("a whole number");
            window = new Window.Last(amount, unit());
            break;
          case "next":
            amount = integer("a whole number");
            window = new Window.Next(amount, unit());
            break;
          default:
            index--;
            throw error(which, "\"last\", \"past\" or \"next\"");
        }
        break;
      }
      case "exactly": {
        int amount = integer("a whole number");
        CalendarUnit unit = unit();
        expectKeyword("ago");
        window = new Window.ExactlyAgo(amount, unit);
        break;
      }
      case "more": {
        expectKeyword("than");
        int amount = integer("a whole number");
        CalendarUnit unit = unit();
        expectKeyword("ago");
        window = new Window.MoreThanAgo(amount, unit);
        break;
      }
      default:
        index--;
        throw error(start, "a window");
    }
    return at(window, start);
  }

  private Check check() {
    Token start = peek();
    if (start.kind() == Kind.OP) {
      CompareOp op = compareOp();
      return at(new Check.Compare(op, literal()), start);
    }
    switch (start.lowerWord()) {
      case "not": {
        index++;
        Token next = peek();
        if (next.isKeyword("contains")) {
          index++;
          return at(new Check.Contains(true, literal()), start);
        }
        if (next.isKeyword("in")) {
          index++;
          return at(new Check.InList(true, list()), start);
        }
        throw error(next, "\"contains\" or \"in\"");
      }
      case "contains":
        index++;
        return at(new Check.Contains(false, literal()), start);
      case "starts":
        index++;
        expectKeyword("with");
        return at(new Check.StartsWith(string("a string")), start);
      case "ends":
        index++;
        expectKeyword("with");
        return at(new Check.EndsWith(string("a string")), start);
      case "matches":
        index++;
        return at(new Check.Matches(string("a regular expression in quotes")), start);
      case "in":
        // "in [" starts a list, "in the" a window.
        if (peek(1).kind() == Kind.LBRACKET) {
          index++;
          return at(new Check.InList(false, list()), start);
        }
        if (peek(1).isKeyword("the")) {
          return at(new Check.InWindow(window()), start);
        }
        throw error(peek(1), "\"[\" or \"the\"");
      case "between":
        index++;
        return at(between(), start);
      case "is": {
        index++;
        boolean negated = false;
        if (peek().isKeyword("not")) {
          index++;
          negated = true;
        }
        expectKeyword("empty");
        return at(new Check.IsEmpty(negated), start);
      }
      case "anytime":
      case "on":
      case "before":
      case "after":
      case "exactly":
      case "more":
        return at(new Check.InWindow(window()), start);
      default:
        throw error(start, "a test such as =, !=, <, contains, in, between, is empty or a window");
    }
  }

  // "between" literal "and" literal | "between" integer "and" integer unit "ago"
  private Check between() {
    Token lowToken = peek();
    Literal low = literal();
    expectKeyword("and");
    Token highToken = peek();
    Literal high = literal();
    if (isUnit(peek())) {
      // A unit after "between A and B" makes the window "between A and B unit ago".
      int from = asInteger(low, lowToken);
      int to = asInteger(high, highToken);
      CalendarUnit unit = unit();
      expectKeyword("ago");
      Window window = new Window.BetweenAgo(from, to, unit);
      positions.put(window, lowToken);
      return new Check.InWindow(window);
    }
    positions.put(low, lowToken);
    positions.put(high, highToken);
    return new Check.Between(low, high);
  }

  private int asInteger(Literal literal, Token token) {
    if (literal instanceof Literal.Num num) {
      try {
        return num.value().intValueExact();
      } catch (ArithmeticException e) {
        throw error(token, "a whole number");
      }
    }
    throw error(token, "a whole number");
  }

  private CompareOp compareOp() {
    Token token = peek();
    if (token.kind() != Kind.OP) {
      throw error(token, "a comparison (=, !=, <, <=, >, >=)");
    }
    index++;
    CompareOp op = CompareOp.fromSymbol(token.raw());
    if (op == null) {
      throw error(token, "a comparison (=, !=, <, <=, >, >=)");
    }
    return op;
  }

  private Literal.ListOf list() {
    Token open = peek();
    expect(Kind.LBRACKET, "\"[\"");
    List<Literal> items = new ArrayList<>();
    if (peek().kind() != Kind.RBRACKET) {
      items.add(literal());
      while (peek().kind() == Kind.COMMA) {
        index++;
        items.add(literal());
      }
    }
    expect(Kind.RBRACKET, "\",\" or \"]\"");
    return at(new Literal.ListOf(items), open);
  }

  private Literal literal() {
    Token token = peek();
    switch (token.kind()) {
      case STRING:
        index++;
        return at(new Literal.Text((String) token.value()), token);
      case NUMBER:
        index++;
        return at(new Literal.Num((BigDecimal) token.value()), token);
      case DATE:
        index++;
        return at(new Literal.Date((LocalDate) token.value()), token);
      case DATE_TIME:
        index++;
        return at(new Literal.DateTime((OffsetDateTime) token.value()), token);
      case WORD:
        if (token.isKeyword("true") || token.isKeyword("false")) {
          index++;
          return at(new Literal.Bool(token.isKeyword("true")), token);
        }
        break;
      case LBRACKET:
        throw error(token, "a single value (lists go with \"in\" and \"not in\")");
      default:
        break;
    }
    throw error(token, "a value (string, number, true, false, date or date-time)");
  }

  private Path path(Scope scope) {
    Token first = peek();
    List<String> parts = new ArrayList<>();
    boolean system = false;
    switch (first.kind()) {
      case SYSTEM:
        system = true;
        parts.add((String) first.value());
        break;
      case QUOTED:
        parts.add((String) first.value());
        break;
      case WORD:
        if (Keywords.startsCondition(first.raw())) {
          throw error(first, "a path (back-quote a path named like a keyword: `" + first.raw() + "`)");
        }
        parts.add(first.raw());
        break;
      default:
        throw error(first, "a path");
    }
    index++;
    while (peek().kind() == Kind.DOT) {
      index++;
      Token part = peek();
      if (part.kind() != Kind.WORD && part.kind() != Kind.QUOTED) {
        throw error(part, "a path part after \".\"");
      }
      index++;
      parts.add((String) part.value());
    }
    if (system) {
      checkSystemPath(first, parts, scope);
    }
    return at(new Path(system, parts), first);
  }

  private void checkSystemPath(Token first, List<String> parts, Scope scope) {
    String field = parts.get(0);
    Set<String> allowed = scope == Scope.PROFILE ? Path.PROFILE_FIELDS
        : scope == Scope.EVENT ? Path.EVENT_FIELDS : Set.of();
    if (!allowed.contains(field)) {
      String expected = scope == Scope.PROFILE
          ? "a profile system field ($id, $created_at, $updated_at, $identifier.TYPE, $computed.NAME)"
          : scope == Scope.EVENT
              ? "an event system field ($type, $timestamp, $source) or a property"
              : "a field of the list element (system fields do not apply here)";
      throw error(first, expected);
    }
    boolean qualified = Path.QUALIFIED_SYSTEM_FIELDS.contains(field);
    if (qualified && parts.size() != 2) {
      throw error(first, "$" + field + " followed by exactly one part, as in $" + field
          + (field.equals("identifier") ? ".email" : ".lifetime_value"));
    }
    if (!qualified && parts.size() != 1) {
      throw error(first, "$" + field + " on its own (it has no parts)");
    }
  }

  private boolean isUnit(Token token) {
    return token.kind() == Kind.WORD && CalendarUnit.fromWord(token.raw()) != null;
  }

  private CalendarUnit unit() {
    Token token = peek();
    CalendarUnit unit = token.kind() == Kind.WORD ? CalendarUnit.fromWord(token.raw()) : null;
    if (unit == null) {
      throw error(token, "a unit (minutes, hours, days, weeks, months or years)");
    }
    index++;
    return unit;
  }

  private LocalDate date() {
    Token token = peek();
    if (token.kind() != Kind.DATE) {
      throw error(token, "a date, such as 2024-05-01");
    }
    index++;
    return (LocalDate) token.value();
  }

  private int integer(String what) {
    Token token = peek();
    if (token.kind() != Kind.NUMBER) {
      throw error(token, what);
    }
    BigDecimal value = (BigDecimal) token.value();
    if (value.stripTrailingZeros().scale() > 0) {
      throw error(token, what);
    }
    try {
      int result = value.intValueExact();
      index++;
      return result;
    } catch (ArithmeticException e) {
      throw error(token, what + " (an integer up to " + Integer.MAX_VALUE + ")");
    }
  }

  private String string(String what) {
    Token token = peek();
    if (token.kind() != Kind.STRING) {
      throw error(token, what);
    }
    index++;
    return (String) token.value();
  }

  private void expectKeyword(String keyword) {
    Token token = peek();
    if (!token.isKeyword(keyword)) {
      throw error(token, "\"" + keyword + "\"");
    }
    index++;
  }

  private void expect(Kind kind, String what) {
    Token token = peek();
    if (token.kind() != kind) {
      throw error(token, what);
    }
    index++;
  }

  private Token peek() {
    return tokens.get(index);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  private <T> T at(T node, Token start) {
    positions.put(node, start);
    return node;
  }

  private SegmentSyntaxException error(Token token, String expected) {
    return new SegmentSyntaxException(
        source,
        List.of(new Problem(Problem.Kind.SYNTAX, token.line(), token.column(), expected,
            token.describe())));
  }
}
