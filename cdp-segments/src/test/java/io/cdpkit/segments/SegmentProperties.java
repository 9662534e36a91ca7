package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.And;
import io.cdpkit.segments.ast.CalendarUnit;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Not;
import io.cdpkit.segments.ast.Or;
import io.cdpkit.segments.ast.PathCheck;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Round trips of the text and JSON forms, and invariants of the evaluator. */
final class SegmentProperties {
  private static final Instant NOW = Fixtures.NOW;
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("Europe/Amsterdam"),
      ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));

  // ---- text and JSON forms ----

  @Property(tries = 500)
  void printThenParse_givesTheSameTreeAndText(@ForAll("anyExpression") Expr expr) {
    String printed = SegmentExpression.of(expr).print();
    SegmentExpression parsed = SegmentExpression.parse(printed);
    assertThat(parsed.expr()).as(printed).isEqualTo(expr);
    assertThat(parsed.print()).isEqualTo(printed);
  }

  @Property(tries = 500)
  void toJsonThenFromJson_givesTheSameTree(@ForAll("anyExpression") Expr expr) {
    String json = SegmentExpression.of(expr).toJson();
    SegmentExpression read = SegmentExpression.fromJson(json);
    assertThat(read.expr()).as(json).isEqualTo(expr);
    assertThat(read.toJson()).isEqualTo(json);
  }

  // ---- evaluator invariants ----

  @Property(tries = 300)
  void not_flipsTheResult(@ForAll("validExpression") Expr expr, @ForAll("world") World world) {
    assertThat(world.eval(new Not(expr))).isEqualTo(!world.eval(expr));
  }

  @Property(tries = 300)
  void deMorgan_holds(@ForAll("validExpression") Expr a, @ForAll("validExpression") Expr b,
      @ForAll("world") World world) {
    assertThat(world.eval(new Not(And.of(a, b)))).isEqualTo(world.eval(Or.of(new Not(a), new Not(b))));
    assertThat(world.eval(new Not(Or.of(a, b)))).isEqualTo(world.eval(And.of(new Not(a), new Not(b))));
    assertThat(world.eval(And.of(a, b))).isEqualTo(world.eval(a) && world.eval(b));
    assertThat(world.eval(Or.of(a, b))).isEqualTo(world.eval(a) || world.eval(b));
  }

  @Property(tries = 300)
  void atMostZero_isNotAtLeastOne(@ForAll("validEvent") EventCondition event, @ForAll("world") World world) {
    EventCondition none = event.withAggregate(new Aggregate.Count(Aggregate.CountOp.AT_MOST, 0));
    EventCondition some = event.withAggregate(new Aggregate.Count(Aggregate.CountOp.AT_LEAST, 1));
    assertThat(world.eval(none)).isEqualTo(!world.eval(some));
    EventCondition exactlyZero = event.withAggregate(new Aggregate.Count(Aggregate.CountOp.EXACTLY, 0));
    assertThat(world.eval(exactlyZero)).isEqualTo(world.eval(none));
  }

  @Property(tries = 300)
  void notEquals_isNotOfEquals(@ForAll("validCondition") Expr condition, @ForAll("world") World world) {
    Assume.that(condition instanceof PathCheck check && check.check() instanceof Check.Compare);
    PathCheck check = (PathCheck) condition;
    Check.Compare compare = (Check.Compare) check.check();
    Expr eq = new PathCheck(check.path(), new Check.Compare(CompareOp.EQ, compare.value()));
    Expr ne = new PathCheck(check.path(), new Check.Compare(CompareOp.NE, compare.value()));
    assertThat(world.eval(ne)).isEqualTo(world.eval(new Not(eq)));
  }

  @Property(tries = 300)
  void negatedTests_areNotOfTheirPositiveForms(@ForAll("validCondition") Expr condition,
      @ForAll("world") World world) {
    Assume.that(condition instanceof PathCheck);
    PathCheck check = (PathCheck) condition;
    Check positive;
    Check negative;
    if (check.check() instanceof Check.Contains contains) {
      positive = new Check.Contains(false, contains.value());
      negative = new Check.Contains(true, contains.value());
    } else if (check.check() instanceof Check.InList in) {
      positive = new Check.InList(false, in.values());
      negative = new Check.InList(true, in.values());
    } else {
      positive = new Check.IsEmpty(false);
      negative = new Check.IsEmpty(true);
    }
    assertThat(world.eval(new PathCheck(check.path(), negative)))
        .isEqualTo(!world.eval(new PathCheck(check.path(), positive)));
  }

  @Property(tries = 300)
  void evaluation_doesNotDependOnEventOrder(@ForAll("validExpression") Expr expr,
      @ForAll("world") World world, @ForAll long seed) {
    List<Event> shuffled = new ArrayList<>(world.events);
    Collections.shuffle(shuffled, new Random(seed));
    World reordered = new World(world.profile, shuffled, world.context);
    assertThat(reordered.eval(expr)).isEqualTo(world.eval(expr));
  }

  @Property(tries = 300)
  void windowEdges_atNowAndAtNowMinusN(@ForAll("edgeNow") Instant now, @ForAll("zone") ZoneId zone,
      @ForAll("unit") CalendarUnit unit, @ForAll("amount") int amount) {
    Instant back = ZonedDateTime.ofInstant(now, zone).minus(amount, unit(unit)).toInstant();
    if (unit == CalendarUnit.MINUTE || unit == CalendarUnit.HOUR) {
      back = now.minus(Duration.of(amount, unit(unit)));
    }
    EvaluationContext context = EvaluationContext.builder(now).zone(zone).build();
    World atNow = World.withEvent(now, context);
    World atBack = World.withEvent(back, context);
    World justAfterBack = World.withEvent(back.plusNanos(1_000_000), context);
    String n = amount + " " + unit.word(amount);
    assertThat(atNow.eval("event * in the last " + n)).isEqualTo(amount > 0);
    assertThat(atNow.eval("event * in the next " + n)).isFalse();
    assertThat(atNow.eval("event * more than 0 minutes ago")).isTrue();
    assertThat(atBack.eval("event * in the last " + n)).isFalse();
    assertThat(atBack.eval("event * more than " + n + " ago")).isTrue();
    assertThat(justAfterBack.eval("event * more than " + n + " ago")).isFalse();
    assertThat(justAfterBack.eval("event * in the last " + n)).isEqualTo(amount > 0);
    assertThat(atBack.eval("event * between 0 and " + amount + " " + unit.word(amount) + " ago"))
        .isEqualTo(amount > 0);
    assertThat(World.withEvent(now.plusSeconds(1), context).eval("event * more than 0 minutes ago")).isFalse();
  }

  @Property(tries = 200)
  void exactlyNAgo_tilesThePast_eachInstantInExactlyOneUnit(@ForAll("edgeNow") Instant now,
      @ForAll("zone") ZoneId zone, @ForAll("unit") CalendarUnit unit,
      @ForAll("secondsBack") long secondsBack) {
    Instant t = now.minusSeconds(secondsBack);
    EvaluationContext context = EvaluationContext.builder(now).zone(zone).build();
    World world = World.withAttribute("t", t.toString(), context);
    int matches = 0;
    int limit = unit == CalendarUnit.MINUTE ? 60 * 24 * 3 : unit == CalendarUnit.HOUR ? 24 * 40 : 400;
    Assume.that(secondsBack < limit * 60L * (unit == CalendarUnit.HOUR ? 60 : 1)
        || unit.compareTo(CalendarUnit.DAY) >= 0);
    for (int k = 0; k <= limit; k++) {
      if (world.eval("t exactly " + k + " " + unit.word(k) + " ago")) {
        matches++;
      }
    }
    assertThat(matches).isEqualTo(1);
  }

  @Property(tries = 200)
  void dateLiteral_wholeDay_comparisonsAgree(@ForAll("edgeNow") Instant t, @ForAll("zone") ZoneId zone) {
    java.time.LocalDate day = t.atZone(zone).toLocalDate();
    EvaluationContext context = EvaluationContext.builder(NOW).zone(zone).build();
    World world = World.withAttribute("t", t.toString(), context);
    assertThat(world.eval("t = " + day)).isTrue();
    assertThat(world.eval("t on " + day)).isTrue();
    assertThat(world.eval("t < " + day)).isFalse();
    assertThat(world.eval("t <= " + day)).isTrue();
    assertThat(world.eval("t > " + day)).isFalse();
    assertThat(world.eval("t >= " + day)).isTrue();
    assertThat(world.eval("t between " + day + " and " + day)).isTrue();
    assertThat(world.eval("t > " + day.minusDays(1))).isTrue();
    assertThat(world.eval("t before " + day.plusDays(1))).isTrue();
    assertThat(world.eval("t after " + day.minusDays(1))).isTrue();
  }

  private static java.time.temporal.ChronoUnit unit(CalendarUnit unit) {
    switch (unit) {
      case MINUTE:
        return java.time.temporal.ChronoUnit.MINUTES;
      case HOUR:
        return java.time.temporal.ChronoUnit.HOURS;
      case DAY:
        return java.time.temporal.ChronoUnit.DAYS;
      case WEEK:
        return java.time.temporal.ChronoUnit.WEEKS;
      case MONTH:
        return java.time.temporal.ChronoUnit.MONTHS;
      default:
        return java.time.temporal.ChronoUnit.YEARS;
    }
  }

  // ---- generators ----

  @Provide
  Arbitrary<Expr> anyExpression() {
    return ExprArbitraries.expressions(false);
  }

  @Provide
  Arbitrary<Expr> validExpression() {
    return ExprArbitraries.expressions(true).filter(e -> SegmentExpression.of(e).validate().isEmpty());
  }

  @Provide
  Arbitrary<Expr> validCondition() {
    return ExprArbitraries.conditions(true).filter(e -> SegmentExpression.of(e).validate().isEmpty());
  }

  @Provide
  Arbitrary<EventCondition> validEvent() {
    return ExprArbitraries.eventConditions().filter(e -> SegmentExpression.of(e).validate().isEmpty());
  }

  @Provide
  Arbitrary<ZoneId> zone() {
    return Arbitraries.of(ZONES);
  }

  @Provide
  Arbitrary<CalendarUnit> unit() {
    return Arbitraries.of(CalendarUnit.class);
  }

  @Provide
  Arbitrary<Integer> amount() {
    return Arbitraries.integers().between(0, 30);
  }

  @Provide
  Arbitrary<Long> secondsBack() {
    return Arbitraries.longs().between(0, 300L * 86_400);
  }

  /** Instants at calendar edges: month ends, leap days, DST changes, midnight; and random ones. */
  @Provide
  Arbitrary<Instant> edgeNow() {
    Arbitrary<Instant> edges = Arbitraries.of(
        Instant.parse("2026-01-31T23:59:59Z"), Instant.parse("2026-03-31T12:00:00Z"),
        Instant.parse("2028-02-29T00:00:00Z"), Instant.parse("2028-02-29T23:30:00Z"),
        Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-29T00:59:59Z"),
        Instant.parse("2026-10-25T01:00:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
        Instant.parse("2026-11-01T06:00:00Z"), Instant.parse("2026-12-31T23:00:00Z"),
        Instant.parse("2027-01-01T00:00:00Z"), Fixtures.NOW);
    Arbitrary<Instant> random = Arbitraries.longs().between(0, 4L * 365 * 86_400)
        .map(s -> Instant.parse("2025-01-01T00:00:00Z").plusSeconds(s));
    return Arbitraries.oneOf(edges, random);
  }

  @Provide
  Arbitrary<World> world() {
    Arbitrary<AttributeValue> scalar = Arbitraries.oneOf(
        Arbitraries.integers().between(-5, 40).map(AttributeValue::of),
        Arbitraries.of("Amsterdam", "amsterdam", "VIP", "vip", "30", "true", "", "  ", "2026-06-10",
            "2026-06-15T11:00:00Z", "Straße").map(AttributeValue::of),
        Arbitraries.of(true, false).map(AttributeValue::of),
        Arbitraries.just(io.cdpkit.core.profile.NullValue.INSTANCE));
    Arbitrary<AttributeValue> value = Arbitraries.oneOf(scalar,
        scalar.list().ofMaxSize(3).map(l -> (AttributeValue) new io.cdpkit.core.profile.ListValue(l)),
        Arbitraries.integers().between(0, 2).map(n -> ordersValue(n)));
    Arbitrary<Map<String, AttributeValue>> attributes = Arbitraries.subsetOf(ExprArbitraries.EVAL_ATTRIBUTES)
        .flatMap(names -> value.list().ofSize(names.size()).map(values -> {
          Map<String, AttributeValue> map = new LinkedHashMap<>();
          int i = 0;
          for (String name : names) {
            map.put(name, values.get(i++));
          }
          return map;
        }));
    Arbitrary<Event> event = Combinators.combine(Arbitraries.of("a", "b", "c"),
            Arbitraries.longs().between(-400L * 86_400, 30L * 86_400),
            scalar, Arbitraries.of("x", "y"))
        .as((type, offset, amount, kind) -> Fixtures.event(type, NOW.plusSeconds(offset),
            ObjectValue.of(Map.of("amount", amount, "kind", kind,
                "items", List.of(Map.of("price", 3), Map.of("price", 4))))));
    Arbitrary<List<ProfileIdentifier>> identifiers = Arbitraries.of(
        List.of(), List.of(Fixtures.identifier("email", "a@b.nl", true)),
        List.of(Fixtures.identifier("phone", "+31612345678", false),
            Fixtures.identifier("email", "a@b.nl", true)));
    Arbitrary<List<io.cdpkit.core.profile.Consent>> consents = Arbitraries.of(ConsentStatus.class)
        .list().ofMaxSize(2).map(statuses -> {
          List<io.cdpkit.core.profile.Consent> list = new ArrayList<>();
          for (int i = 0; i < statuses.size(); i++) {
            list.add(Fixtures.consent(i == 0 ? "email" : "sms", statuses.get(i), "2026-01-0" + (i + 1) + "T00:00:00Z"));
          }
          return list;
        });
    Arbitrary<Profile> profile = Combinators.combine(attributes, identifiers, consents)
        .as((attrs, ids, cons) -> Fixtures.profile(new ObjectValue(attrs), ids, cons));
    return Combinators.combine(profile, event.list().ofMaxSize(6), zone())
        .as((p, events, zone) -> new World(p, events, EvaluationContext.builder(NOW).zone(zone)
            .segments(CompiledSegments.of(Map.of("s1", SegmentExpression.parse("age > 20").compile())))
            .groups(GroupMembership.of(Map.of("g1", Set.of("p1"))))
            .computed((prof, name) -> java.util.Optional.of(BigDecimal.TEN))
            .build()));
  }

  private static AttributeValue ordersValue(int n) {
    List<Object> orders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      orders.add(Map.of("id", i, "items", List.of(Map.of("price", i + 5))));
    }
    return AttributeValue.of(orders);
  }

  /** A profile, its events and a context to evaluate in. */
  static final class World {
    final Profile profile;
    final List<Event> events;
    final EvaluationContext context;

    World(Profile profile, List<Event> events, EvaluationContext context) {
      this.profile = profile;
      this.events = List.copyOf(events);
      this.context = context;
    }

    static World withEvent(Instant at, EvaluationContext context) {
      return new World(Fixtures.profile(Map.of()), List.of(Fixtures.event("a", at, ObjectValue.EMPTY)), context);
    }

    static World withAttribute(String name, Object value, EvaluationContext context) {
      return new World(Fixtures.profile(Map.of(name, value)), List.of(), context);
    }

    boolean eval(Expr expr) {
      return SegmentExpression.of(expr).compile().evaluate(profile, events, context);
    }

    boolean eval(String text) {
      return SegmentExpression.parse(text).compile().evaluate(profile, events, context);
    }

    @Override
    public String toString() {
      return profile.attributes() + " events=" + events.stream()
          .map(e -> e.type() + "@" + e.timestamp() + e.properties()).toList() + " zone=" + context.zone();
    }
  }

}
