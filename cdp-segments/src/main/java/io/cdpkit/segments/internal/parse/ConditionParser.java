package io.cdpkit.segments.internal.parse;

import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.ConsentIs;
import io.cdpkit.segments.ast.Everyone;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.InGroup;
import io.cdpkit.segments.ast.InSegment;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.ast.ReachableVia;
import io.cdpkit.segments.internal.parse.Token.Kind;
import java.util.function.Function;

/**
 * Reads one condition: a path and its test, or one a keyword begins (event, any, in, consent,
 * reachable, everyone). The Scope argument says what paths name where the condition stands, which
 * is how "where" filters refuse profile-only conditions.
 */
final class ConditionParser {
  private final TokenCursor in;
  private final ValueParser values;
  private final CheckParser checks;
  private final EventConditionParser events;
  private final Function<Scope, Expr> filter;

  ConditionParser(TokenCursor in, Function<Scope, Expr> filter) {
    this.in = in;
    this.values = new ValueParser(in);
    WindowParser windows = new WindowParser(in);
    this.checks = new CheckParser(in, values, windows);
    this.events = new EventConditionParser(in, values, windows, filter);
    this.filter = filter;
  }

  Path path(Scope scope) {
    return values.path(scope);
  }

  Expr condition(Scope scope) {
    Token start = in.peek();
    if (start.kind() == Kind.WORD && Keywords.startsCondition(start.raw())) {
      int mark = in.mark();
      try {
        return keywordCondition(start, scope);
      } catch (SegmentSyntaxException e) {
        throw pathNamedLikeKeyword(mark, e);
      }
    }
    if (start.kind() == Kind.WORD || start.kind() == Kind.QUOTED || start.kind() == Kind.SYSTEM) {
      Path path = values.path(scope);
      return in.at(new PathCheck(path, checks.check()), start);
    }
    throw in.error(start, "a condition");
  }

  /** The condition a keyword begins: event, any, in, consent, reachable or everyone. */
  private Expr keywordCondition(Token start, Scope scope) {
    switch (start.lowerWord()) {
      case "event":
        requireProfile(scope, start);
        return in.at(events.event(), start);
      case "any":
        in.advance();
        Path path = values.path(scope);
        in.expectKeyword("where");
        return in.at(new AnyWhere(path, filter.apply(Scope.ELEMENT)), start);
      case "in":
        requireProfile(scope, start);
        in.advance();
        return in.at(membership(), start);
      case "consent":
        requireProfile(scope, start);
        in.advance();
        return in.at(consent(), start);
      case "reachable":
        requireProfile(scope, start);
        in.advance();
        in.expectKeyword("via");
        return in.at(new ReachableVia(values.channel()), start);
      case "everyone":
        in.advance();
        if (!endsCondition(in.peek())) {
          throw in.error(in.peek(), "\"and\", \"or\" or the end of the condition");
        }
        return in.at(new Everyone(), start);
      default:
        throw in.error(start, "a condition");
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
  SegmentSyntaxException pathNamedLikeKeyword(int wordIndex, SegmentSyntaxException original) {
    boolean readsAsPath = in.reads(wordIndex + 1, () -> {
      while (in.peek().kind() == Kind.DOT) {
        in.advance();
        if (in.peek().kind() != Kind.WORD && in.peek().kind() != Kind.QUOTED) {
          throw in.error(in.peek(), "a path part");
        }
        in.advance();
      }
      checks.check();
    });
    if (!readsAsPath) {
      return original;
    }
    Token word = in.tokenAt(wordIndex);
    return in.error(word, "a condition (\"" + word.raw() + "\" begins one; back-quote a path named like it: `"
        + word.raw() + "`)");
  }

  private void requireProfile(Scope scope, Token start) {
    if (scope != Scope.PROFILE) {
      throw in.error(start, scope == Scope.EVENT
          ? "a condition on event properties (\"" + start.raw() + "\" applies to profiles only)"
          : "a condition on the element's fields (\"" + start.raw() + "\" applies to profiles only)");
    }
  }

  private Expr membership() {
    Token what = in.peek();
    if (what.isKeyword("segment")) {
      in.advance();
      return new InSegment(in.string("a segment name in quotes"));
    }
    if (what.isKeyword("group")) {
      in.advance();
      return new InGroup(in.string("a group name in quotes"));
    }
    throw in.error(what, "\"segment\" or \"group\"");
  }

  private Expr consent() {
    String channel = values.channel();
    Token status = in.peek();
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
        throw in.error(status, "\"granted\", \"denied\" or \"unknown\"");
    }
    in.advance();
    return new ConsentIs(channel, value);
  }
}
