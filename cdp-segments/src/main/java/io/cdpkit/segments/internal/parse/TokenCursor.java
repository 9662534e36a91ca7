package io.cdpkit.segments.internal.parse;

import io.cdpkit.segments.Problem;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.ast.CalendarUnit;
import io.cdpkit.segments.internal.parse.Token.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The parse's place in the token list, shared by the rule parsers: lookahead, the small tokens every
 * rule reads (keywords, numbers, strings, dates, units), nesting depth, where nodes started, and
 * the syntax error at a token.
 */
final class TokenCursor {
  private final String source;
  private final List<Token> tokens;
  private final Positions positions = new Positions();
  private int index;
  private int depth;

  TokenCursor(String source) {
    this.source = source;
    this.tokens = Lexer.tokenize(source);
  }

  Positions positions() {
    return positions;
  }

  Token peek() {
    return tokens.get(index);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(index + ahead, tokens.size() - 1));
  }

  void advance() {
    index++;
  }

  /** Where the cursor stands, to name a token later with {@link #tokenAt}. */
  int mark() {
    return index;
  }

  Token tokenAt(int mark) {
    return tokens.get(mark);
  }

  /**
   * Whether {@code read} succeeds from the token at {@code from}; the cursor and depth are put back
   * either way.
   */
  boolean reads(int from, Runnable read) {
    int savedIndex = index;
    int savedDepth = depth;
    index = from;
    try {
      read.run();
      return true;
    } catch (SegmentSyntaxException notThat) {
      return false;
    } finally {
      index = savedIndex;
      depth = savedDepth;
    }
  }

  /** One level deeper; refused past {@link Parser#MAX_DEPTH}. Paired with {@link #leave()}. */
  void enter() {
    if (++depth > Parser.MAX_DEPTH) {
      throw error(peek(), "an expression nested at most " + Parser.MAX_DEPTH + " levels deep");
    }
  }

  void leave() {
    depth--;
  }

  boolean isUnit(Token token) {
    return token.kind() == Kind.WORD && CalendarUnit.fromWord(token.raw()) != null;
  }

  CalendarUnit unit() {
    Token token = peek();
    CalendarUnit unit = token.kind() == Kind.WORD ? CalendarUnit.fromWord(token.raw()) : null;
    if (unit == null) {
      throw error(token, "a unit (minutes, hours, days, weeks, months or years)");
    }
    index++;
    return unit;
  }

  LocalDate date() {
    Token token = peek();
    if (token.kind() != Kind.DATE) {
      throw error(token, "a date, such as 2024-05-01");
    }
    index++;
    return (LocalDate) token.value();
  }

  int integer(String what) {
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

  String string(String what) {
    Token token = peek();
    if (token.kind() != Kind.STRING) {
      throw error(token, what);
    }
    index++;
    return (String) token.value();
  }

  void expectKeyword(String keyword) {
    Token token = peek();
    if (!token.isKeyword(keyword)) {
      throw error(token, "\"" + keyword + "\"");
    }
    index++;
  }

  void expect(Kind kind, String what) {
    Token token = peek();
    if (token.kind() != kind) {
      throw error(token, what);
    }
    index++;
  }

  /** Records that {@code node} started at {@code start}, and returns it. */
  <T> T at(T node, Token start) {
    positions.put(node, start);
    return node;
  }

  SegmentSyntaxException error(Token token, String expected) {
    return new SegmentSyntaxException(
        source,
        List.of(new Problem(Problem.Kind.SYNTAX, token.line(), token.column(), expected,
            token.describe())));
  }
}
