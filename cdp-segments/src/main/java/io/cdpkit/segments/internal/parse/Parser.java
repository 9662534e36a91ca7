package io.cdpkit.segments.internal.parse;

import io.cdpkit.segments.Problem;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.internal.parse.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/*
 * Hand-written recursive descent over the token list, one method per grammar rule, one class per
 * level: this class reads the boolean structure (or, and, not, parentheses), ConditionParser one
 * condition, EventConditionParser an event condition, CheckParser the test after a path,
 * WindowParser time windows and ValueParser paths and literals, all over one TokenCursor.
 * Lookahead is at most three tokens (for "exactly N unit"). The disambiguation rules of the spec
 * live in EventConditionParser.aggregate(), WindowParser.eventWindow() and CheckParser.between().
 */

/** Parses segment text into an {@link Expr}, recording where each node started. */
public final class Parser {
  /** Deeper nesting of parentheses, "not"s and filters is refused rather than overflowing the stack. */
  public static final int MAX_DEPTH = 200;

  /**
   * Longer text is refused before it is read: a generated expression of 10,000 conditions fits,
   * and no request can make the parser, validator and compilers work on megabytes.
   */
  public static final int MAX_LENGTH = 256 * 1024;

  private final TokenCursor in;
  private final ConditionParser conditions;

  private Parser(String source) {
    this.in = new TokenCursor(source);
    this.conditions = new ConditionParser(in, this::filter);
  }

  /** The result of parsing: the tree and where its nodes started. */
  public record Result(Expr expr, Positions positions) {}

  /**
   * Parses a whole expression.
   *
   * @throws SegmentSyntaxException at the first token that breaks the grammar
   */
  public static Result parse(String source) {
    if (source.length() > MAX_LENGTH) {
      throw new SegmentSyntaxException(source.substring(0, 80), List.of(new Problem(Problem.Kind.SYNTAX, 1, 1,
          "an expression of at most " + MAX_LENGTH + " characters", source.length() + " characters")));
    }
    Parser parser = new Parser(source);
    Expr expr = parser.or(Scope.PROFILE);
    parser.in.expect(Kind.EOF, "\"and\", \"or\" or the end of the expression");
    return new Result(expr, parser.in.positions());
  }

  /**
   * Parses a path on its own, such as {@code address.city} or {@code $identifier.email}.
   *
   * @throws SegmentSyntaxException when the text is not exactly one path
   */
  public static Path parsePath(String source, Scope scope) {
    Parser parser = new Parser(source);
    Path path = parser.conditions.path(scope);
    parser.in.expect(Kind.EOF, "the end of the path");
    return path;
  }

  // expression := or ; or := and ("or" and)*
  private Expr or(Scope scope) {
    in.enter();
    try {
      return orRest(scope);
    } finally {
      in.leave();
    }
  }

  private Expr orRest(Scope scope) {
    Token start = in.peek();
    List<Expr> args = new ArrayList<>();
    args.add(and(scope));
    while (in.peek().isKeyword("or")) {
      in.advance();
      args.add(and(scope));
    }
    return args.size() == 1 ? args.get(0) : in.at(new Or(args), start);
  }

  // and := unary ("and" unary)*
  private Expr and(Scope scope) {
    Token start = in.peek();
    List<Expr> args = new ArrayList<>();
    args.add(unary(scope));
    while (in.peek().isKeyword("and")) {
      in.advance();
      args.add(unary(scope));
    }
    return args.size() == 1 ? args.get(0) : in.at(new And(args), start);
  }

  // unary := "not" unary | "(" expression ")" | condition
  private Expr unary(Scope scope) {
    Token start = in.peek();
    if (start.isKeyword("not")) {
      int mark = in.mark();
      in.advance();
      in.enter();
      try {
        return in.at(new Not(unary(scope)), start);
      } catch (SegmentSyntaxException e) {
        throw conditions.pathNamedLikeKeyword(mark, e);
      } finally {
        in.leave();
      }
    }
    return filter(scope);
  }

  // filter := condition | "(" expression ")"
  private Expr filter(Scope scope) {
    if (in.peek().kind() == Kind.LPAREN) {
      in.advance();
      Expr inner = or(scope);
      in.expect(Kind.RPAREN, "\")\"");
      return inner;
    }
    return conditions.condition(scope);
  }
}
