package io.cdpkit.segments.internal.parse;

import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.internal.parse.Token.Kind;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads what conditions name and compare with: paths, comparisons, literals, lists and channels. */
final class ValueParser {
  private final TokenCursor in;

  ValueParser(TokenCursor in) {
    this.in = in;
  }

  CompareOp compareOp() {
    Token token = in.peek();
    if (token.kind() != Kind.OP) {
      throw in.error(token, "a comparison (=, !=, <, <=, >, >=)");
    }
    in.advance();
    CompareOp op = CompareOp.fromSymbol(token.raw());
    if (op == null) {
      throw in.error(token, "a comparison (=, !=, <, <=, >, >=)");
    }
    return op;
  }

  Literal.ListOf list() {
    Token open = in.peek();
    in.expect(Kind.LBRACKET, "\"[\"");
    List<Literal> items = new ArrayList<>();
    if (in.peek().kind() != Kind.RBRACKET) {
      items.add(literal());
      while (in.peek().kind() == Kind.COMMA) {
        in.advance();
        items.add(literal());
      }
    }
    in.expect(Kind.RBRACKET, "\",\" or \"]\"");
    return in.at(new Literal.ListOf(items), open);
  }

  Literal literal() {
    Token token = in.peek();
    switch (token.kind()) {
      case STRING:
        in.advance();
        return in.at(new Literal.Text((String) token.value()), token);
      case NUMBER:
        in.advance();
        return in.at(new Literal.Num((BigDecimal) token.value()), token);
      case DATE:
        in.advance();
        return in.at(new Literal.Date((LocalDate) token.value()), token);
      case DATE_TIME:
        in.advance();
        return in.at(new Literal.DateTime((OffsetDateTime) token.value()), token);
      case WORD:
        if (token.isKeyword("true") || token.isKeyword("false")) {
          in.advance();
          return in.at(new Literal.Bool(token.isKeyword("true")), token);
        }
        break;
      case LBRACKET:
        throw in.error(token, "a single value (lists go with \"in\" and \"not in\")");
      default:
        break;
    }
    throw in.error(token, "a value (string, number, true, false, date or date-time)");
  }

  /** The literal read from {@code token} as an int, or the error "a whole number" at it. */
  int asInteger(Literal literal, Token token) {
    if (literal instanceof Literal.Num num) {
      try {
        return num.value().intValueExact();
      } catch (ArithmeticException e) {
        throw in.error(token, "a whole number");
      }
    }
    throw in.error(token, "a whole number");
  }

  String channel() {
    Token token = in.peek();
    if (token.kind() == Kind.WORD || token.kind() == Kind.QUOTED) {
      in.advance();
      return (String) token.value();
    }
    throw in.error(token, "a channel name, such as email, sms, whatsapp or push");
  }

  Path path(Scope scope) {
    Token first = in.peek();
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
          throw in.error(first, "a path (back-quote a path named like a keyword: `" + first.raw() + "`)");
        }
        parts.add(first.raw());
        break;
      default:
        throw in.error(first, "a path");
    }
    in.advance();
    while (in.peek().kind() == Kind.DOT) {
      in.advance();
      Token part = in.peek();
      if (part.kind() != Kind.WORD && part.kind() != Kind.QUOTED) {
        throw in.error(part, "a path part after \".\"");
      }
      in.advance();
      parts.add((String) part.value());
    }
    if (system) {
      checkSystemPath(first, parts, scope);
    }
    return in.at(new Path(system, parts), first);
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
      throw in.error(first, expected);
    }
    boolean qualified = Path.QUALIFIED_SYSTEM_FIELDS.contains(field);
    if (qualified && parts.size() != 2) {
      throw in.error(first, "$" + field + " followed by exactly one part, as in $" + field
          + (field.equals("identifier") ? ".email" : ".lifetime_value"));
    }
    if (!qualified && parts.size() != 1) {
      throw in.error(first, "$" + field + " on its own (it has no parts)");
    }
  }
}
