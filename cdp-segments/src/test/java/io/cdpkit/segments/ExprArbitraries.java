package io.cdpkit.segments;

import io.cdpkit.core.profile.ConsentStatus;
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
import io.cdpkit.segments.internal.parse.Scope;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators of segment expressions. {@link #expressions(boolean)} with {@code forEvaluation}
 * false ranges over the whole language (odd names, escapes, every literal); with true it keeps to
 * names the evaluation fixtures define and to structurally valid trees.
 */
final class ExprArbitraries {
  static final List<String> EVAL_ATTRIBUTES =
      List.of("age", "score", "city", "tags", "signup", "flag", "orders", "nothing");
  static final List<String> EVAL_PROPERTIES = List.of("amount", "kind", "items");

  private final boolean forEvaluation;

  private ExprArbitraries(boolean forEvaluation) {
    this.forEvaluation = forEvaluation;
  }

  static Arbitrary<Expr> expressions(boolean forEvaluation) {
    return new ExprArbitraries(forEvaluation).expr(Scope.PROFILE, 3);
  }

  static Arbitrary<Expr> conditions(boolean forEvaluation) {
    return new ExprArbitraries(forEvaluation).condition(Scope.PROFILE, 1);
  }

  static Arbitrary<EventCondition> eventConditions() {
    return new ExprArbitraries(true).event(1);
  }

  Arbitrary<Expr> expr(Scope scope, int depth) {
    if (depth == 0) {
      return condition(scope, 0);
    }
    Arbitrary<Expr> sub = Arbitraries.lazy(() -> expr(scope, depth - 1));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, condition(scope, depth - 1)),
        net.jqwik.api.Tuple.of(2, sub.list().ofMinSize(2).ofMaxSize(3).map(args -> (Expr) new And(args))),
        net.jqwik.api.Tuple.of(2, sub.list().ofMinSize(2).ofMaxSize(3).map(args -> (Expr) new Or(args))),
        net.jqwik.api.Tuple.of(1, sub.map(Not::new)));
  }

  Arbitrary<Expr> condition(Scope scope, int depth) {
    Arbitrary<Expr> pathCheck = Combinators.combine(path(scope), check()).as(PathCheck::new);
    Arbitrary<Expr> any = Combinators.combine(attributePath(scope),
        Arbitraries.lazy(() -> expr(Scope.ELEMENT, Math.max(0, depth - 1)))).as(AnyWhere::new);
    if (scope != Scope.PROFILE) {
      return Arbitraries.frequencyOf(
          net.jqwik.api.Tuple.of(8, pathCheck),
          net.jqwik.api.Tuple.of(1, any),
          net.jqwik.api.Tuple.of(1, Arbitraries.just(new Everyone())));
    }
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, pathCheck),
        net.jqwik.api.Tuple.of(4, event(depth).map(e -> (Expr) e)),
        net.jqwik.api.Tuple.of(1, any),
        net.jqwik.api.Tuple.of(1, name("s").map(InSegment::new)),
        net.jqwik.api.Tuple.of(1, name("g").map(InGroup::new)),
        net.jqwik.api.Tuple.of(1, Combinators.combine(channel(), Arbitraries.of(ConsentStatus.class))
            .as(ConsentIs::new)),
        net.jqwik.api.Tuple.of(1, channel().map(ReachableVia::new)),
        net.jqwik.api.Tuple.of(1, Arbitraries.just(new Everyone())));
  }

  Arbitrary<EventCondition> event(int depth) {
    Arbitrary<String> type = forEvaluation
        ? Arbitraries.of("a", "b", "c")
        : Arbitraries.strings().ofMaxLength(8);
    Arbitrary<Expr> filter = Arbitraries.lazy(() -> expr(Scope.EVENT, Math.max(0, depth - 1)));
    return Combinators.combine(
            type.injectNull(0.2), aggregate(), window(), filter.injectNull(0.5))
        .as(EventCondition::new);
  }

  private Arbitrary<Aggregate> aggregate() {
    Arbitrary<Aggregate> count = Combinators.combine(Arbitraries.of(Aggregate.CountOp.class),
        Arbitraries.integers().between(forEvaluation ? 0 : -2, 5)).as(Aggregate.Count::new);
    Arbitrary<Aggregate> metric = Combinators.combine(Arbitraries.of(Aggregate.Metric.class),
        attributePath(Scope.EVENT), Arbitraries.of(CompareOp.class), number())
        .as(Aggregate.MetricOf::new);
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, count), net.jqwik.api.Tuple.of(1, metric));
  }

  Arbitrary<Window> window() {
    Arbitrary<Integer> amount = Arbitraries.integers().between(forEvaluation ? 0 : -1, 40);
    Arbitrary<CalendarUnit> unit = Arbitraries.of(CalendarUnit.class);
    Arbitrary<LocalDate> date = date();
    return Arbitraries.oneOf(
        Arbitraries.just(new Window.Anytime()),
        date.map(Window.On::new),
        date.map(Window.Before::new),
        date.map(Window.After::new),
        Combinators.combine(date, date).as((a, b) -> forEvaluation && a.isAfter(b)
            ? new Window.BetweenDates(b, a) : new Window.BetweenDates(a, b)),
        Combinators.combine(amount, unit).as(Window.Last::new),
        Combinators.combine(amount, unit).as(Window.Next::new),
        Combinators.combine(amount, unit).as(Window.ExactlyAgo::new),
        Combinators.combine(amount, unit).as(Window.MoreThanAgo::new),
        Combinators.combine(amount, amount, unit).as((a, b, u) -> forEvaluation && a > b
            ? new Window.BetweenAgo(b, a, u) : new Window.BetweenAgo(a, b, u)));
  }

  private Arbitrary<Check> check() {
    Arbitrary<Literal> scalar = scalar();
    Arbitrary<String> text = forEvaluation ? Arbitraries.of("a", "Am", "VIP", "1", "ß") : string();
    Arbitrary<String> regex = forEvaluation ? Arbitraries.of("^A", "m$", "(?i)vip", "\\d+") : string();
    Arbitrary<Check> between = Combinators.combine(scalar, scalar).as(Check.Between::new);
    return Arbitraries.oneOf(
        Combinators.combine(Arbitraries.of(CompareOp.class), scalar).as(Check.Compare::new),
        Combinators.combine(Arbitraries.of(true, false), scalar).as(Check.Contains::new),
        text.map(Check.StartsWith::new),
        text.map(Check.EndsWith::new),
        regex.map(Check.Matches::new),
        Combinators.combine(Arbitraries.of(true, false), scalar.list().ofMaxSize(3).map(Literal.ListOf::new))
            .as(Check.InList::new),
        between,
        Arbitraries.of(true, false).map(Check.IsEmpty::new),
        window().map(Check.InWindow::new));
  }

  Arbitrary<Literal> scalar() {
    Arbitrary<Literal> text = (forEvaluation
        ? Arbitraries.of("Amsterdam", "vip", "VIP", "30", "true", "", "2026-06-10")
        : string()).map(Literal.Text::new);
    return Arbitraries.oneOf(text, number(), Arbitraries.of(true, false).map(Literal.Bool::new),
        date().map(Literal.Date::new), dateTime().map(Literal.DateTime::new));
  }

  private Arbitrary<Literal> number() {
    Arbitrary<BigDecimal> decimals = Combinators.combine(
            Arbitraries.longs().between(-100_000, 100_000), Arbitraries.integers().between(0, 3))
        .as((unscaled, scale) -> BigDecimal.valueOf(unscaled, scale));
    return decimals.map(Literal.Num::new);
  }

  private Arbitrary<LocalDate> date() {
    return forEvaluation
        ? Arbitraries.integers().between(-400, 400).map(d -> LocalDate.of(2026, 6, 15).plusDays(d))
        : Arbitraries.integers().between(0, 3_000_000).map(d -> LocalDate.of(1000, 1, 1).plusDays(d));
  }

  private Arbitrary<OffsetDateTime> dateTime() {
    return Combinators.combine(date(), Arbitraries.integers().between(0, 86_399),
            Arbitraries.integers().between(-14 * 4, 14 * 4), Arbitraries.of(0, 0, 500_000_000, 123_456_789))
        .as((day, second, quarterHours, nanos) -> OffsetDateTime.of(day.atStartOfDay()
                .plusSeconds(second).plusNanos(forEvaluation ? 0 : nanos),
            ZoneOffset.ofTotalSeconds(quarterHours * 15 * 60)));
  }

  private Arbitrary<Path> path(Scope scope) {
    if (scope == Scope.ELEMENT) {
      return attributePath(scope);
    }
    Arbitrary<Path> system = scope == Scope.PROFILE
        ? Arbitraries.of(Path.system("id"), Path.system("created_at"), Path.system("updated_at"),
            Path.system("identifier", "email"), Path.system("identifier", "phone"),
            Path.system("computed", "ltv"))
        : Arbitraries.of(Path.system("type"), Path.system("timestamp"), Path.system("source"));
    return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, attributePath(scope)),
        net.jqwik.api.Tuple.of(1, system));
  }

  private Arbitrary<Path> attributePath(Scope scope) {
    if (forEvaluation) {
      List<String> names = scope == Scope.PROFILE ? EVAL_ATTRIBUTES : EVAL_PROPERTIES;
      Arbitrary<Path> simple = Arbitraries.of(names).map(Path::attr);
      return Arbitraries.oneOf(simple, Arbitraries.of(Path.attr("orders", "id"),
          Path.attr("orders", "items", "price"), Path.attr("items", "price"), Path.attr("price"),
          Path.attr("kind")));
    }
    Arbitrary<String> part = Arbitraries.oneOf(
        Arbitraries.of("age", "city", "first name", "event", "in", "Day", "a`b", "$x", "naïve", "9x",
            "tab\there", "back\\slash"),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(6));
    return part.list().ofMinSize(1).ofMaxSize(3).map(parts -> new Path(false, parts));
  }

  private Arbitrary<String> name(String prefix) {
    return forEvaluation ? Arbitraries.just(prefix + "1") : string();
  }

  private Arbitrary<String> channel() {
    return forEvaluation
        ? Arbitraries.of("email", "sms", "whatsapp", "push")
        : Arbitraries.oneOf(Arbitraries.of("email", "sms", "e-mail", "time", "Push"),
            Arbitraries.strings().ofMinLength(1).ofMaxLength(5));
  }

  private static Arbitrary<String> string() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(8),
        Arbitraries.strings().withChars("\"'\\`\n\t\u0000#é\ud83d\ude00 ").ofMaxLength(6));
  }
}
