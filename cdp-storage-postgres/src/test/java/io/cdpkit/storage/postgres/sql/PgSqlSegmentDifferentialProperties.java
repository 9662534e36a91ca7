package io.cdpkit.storage.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NullValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.CompiledSegments;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.storage.jdbc.contract.SegmentTextArbitraries;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Differential property: for generated profiles, events and expressions, the members PostgreSQL
 * finds equal the members the in-memory evaluator finds, whenever the expression compiles (the
 * rest falls back to the evaluator, which is then the answer by definition). The generators aim at
 * what the PostgreSQL dialect answers natively and at the edges of the evaluator's value rules:
 * numbers as texts ("+.5", "5.", "1e3", " 30"), exact decimals beyond double precision, booleans as
 * texts in any case (with the long s), white space Java does and does not count as blank, nested
 * lists, objects and JSON nulls. Metrics sum, min, max (and avg, which falls back) over amounts
 * of every kind, lists among them; {@code any ... where} over lists of objects, nested; consent and
 * reachability over decision lists as merges leave them (several per channel, ties on the
 * instant, nanoseconds, lapsed and far expiries, other purposes) and undeliverable emails.
 */
final class PgSqlSegmentDifferentialProperties {
  private static final Instant BASE = Instant.parse("2026-06-15T12:00:00Z");
  private static final String SAVED_S1 = "age > 20 or event \"a\" in the last 30 days";
  private static PgSegmentSqlFixtures database;

  /** A profile's attributes, email identifiers and events (ids given when stored). */
  record Person(Map<String, AttributeValue> attributes, int emails, List<Event> events,
      List<Consent> consents) {}

  @AfterContainer
  static void close() {
    if (database != null) {
      database.close();
      database = null;
    }
  }

  @Property(tries = 120)
  void postgresMembers_equalEvaluatorMembers(
      @ForAll("people") List<Person> people,
      @ForAll("expressions") String text,
      @ForAll("zones") ZoneId zone) {
    if (database == null) {
      database = new PgSegmentSqlFixtures();
    }
    database.clear();
    Map<Profile, List<Event>> data = new LinkedHashMap<>();
    for (int i = 0; i < people.size(); i++) {
      Person person = people.get(i);
      String id = "p" + (i + 1);
      List<ProfileIdentifier> identifiers = new java.util.ArrayList<>();
      for (int k = 0; k < person.emails(); k++) {
        identifiers.add(new ProfileIdentifier(Identifier.of("email", id + "-" + k + "@x.nl"), BASE, BASE,
            k != 1, k == 0, k != 1 ? null : "bounced"));
      }
      List<Event> events = new java.util.ArrayList<>();
      for (Event e : person.events()) {
        events.add(new Event(id + "-e" + events.size(), id, e.type(), e.timestamp(), e.receivedAt(),
            e.source(), e.properties(), List.of()));
      }
      data.put(new Profile(id, new ObjectValue(person.attributes()), identifiers, person.consents(),
          BASE.minusSeconds(86_400L * i), BASE, Set.of()), events);
    }
    database.store(data);
    database.storage().groupStore().createGroup("g1", Instant.EPOCH);
    database.storage().groupStore().addToGroup("g1", "p1");
    Expr expr = SegmentExpression.parse(text).expr();
    Expr saved = SegmentExpression.parse(SAVED_S1).expr();
    EvaluationContext context = EvaluationContext.builder(BASE).zone(zone)
        .segments(CompiledSegments.of(Map.of("s1", SegmentExpression.of(saved).compile())))
        .groups((group, profile) -> group.equals("g1") && profile.id().equals("p1"))
        .build();

    Optional<List<String>> sql = database.matching(expr, context, Map.of("s1", saved));

    Statistics.label("answered").collect(sql.isPresent() ? "natively" : "falls back");
    if (sql.isEmpty()) {
      return;
    }
    TreeSet<String> expected = new TreeSet<>();
    data.forEach((profile, events) -> {
      if (SegmentExpression.of(expr).compile().evaluate(profile, events, context)) {
        expected.add(profile.id());
      }
    });
    assertThat(sql.get()).as("%s in %s over %s", text, zone, people).containsExactlyElementsOf(expected);
    assertThat(database.storage().segmentQueries().count(database.query(expr, context, Map.of("s1", saved))))
        .hasValue(expected.size());
  }

  // ---- data

  private static Arbitrary<AttributeValue> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-3, 35).map(AttributeValue::of),
        Arbitraries.of("19.5", "1e1", "30.0", "1E+2", "-0.0", "123456789012345678901234567890.000000000000000000001",
            "30.00000000000000000000000000001").map(s -> AttributeValue.of(new BigDecimal(s))),
        Arbitraries.of("30", "+.5", "5.", ".", "1e3", "1e99999", "9e9999", "-1E-9999", " 30", "30 ", "-2", "19.50", "0x1F", "\u0663",
            "vip", "VIP", "Vip", "", " \t", "\u2028", "\u00a0", "\u2007", "\u3000x", "true", "TRUE", "False",
            "fal\u017fe", "tru", "a\\b", "it's", "Stra\u00dfe", "\u00e9t\u00e9", "p1", "a", "web")
            .map(AttributeValue::of),
        Arbitraries.of(true, false).map(AttributeValue::of),
        Arbitraries.just(NullValue.INSTANCE));
  }

  @Provide
  Arbitrary<List<Person>> people() {
    Arbitrary<AttributeValue> scalar = scalars();
    Arbitrary<AttributeValue> item = Combinators.combine(scalar, scalar, scalar.list().ofMaxSize(2))
        .as((n, m, ns) -> (AttributeValue) new ObjectValue(Map.of("sku", n, "price", m, "items",
            new ListValue(ns.stream().map(x -> (AttributeValue) new ObjectValue(Map.of("n", x))).toList()))));
    Arbitrary<AttributeValue> value = Arbitraries.frequencyOf(
        Tuple.of(6, scalar),
        Tuple.of(3, Arbitraries.oneOf(item, scalar).list().ofMaxSize(3).map(l -> (AttributeValue) new ListValue(l))),
        Tuple.of(1, item),
        Tuple.of(2, scalar.list().ofMaxSize(3).map(l -> (AttributeValue) new ListValue(l))),
        Tuple.of(1, scalar.list().ofMaxSize(2).map(l -> (AttributeValue) new ListValue(
            List.of(new ListValue(l), AttributeValue.of("vip"))))),
        Tuple.of(1, Arbitraries.of(ObjectValue.EMPTY, ObjectValue.of(Map.of("age", 30)))));
    List<String> names = List.of("age", "score", "city", "tags", "flag", "odd name", "orders");
    Arbitrary<Map<String, AttributeValue>> attributes = Arbitraries.subsetOf(names)
        .flatMap(chosen -> value.list().ofSize(chosen.size()).map(values -> {
          Map<String, AttributeValue> map = new LinkedHashMap<>();
          int i = 0;
          for (String name : chosen) {
            map.put(name, values.get(i++));
          }
          return map;
        }));
    Arbitrary<AttributeValue> amount = Arbitraries.frequencyOf(Tuple.of(5, scalar),
        Tuple.of(1, scalar.list().ofMaxSize(3).map(l -> (AttributeValue) new ListValue(l))));
    Arbitrary<Event> event = Combinators.combine(Arbitraries.of("a", "b", "it's"),
            Arbitraries.longs().between(-100L * 86_400, 5L * 86_400), amount, Arbitraries.of("x", "y", "30"),
            Arbitraries.of("web", "app"), item.list().ofMaxSize(2))
        .as((type, offset, paid, kind, source, lines) -> {
          Map<String, Object> properties = new LinkedHashMap<>();
          properties.put("amount", paid);
          properties.put("kind", kind);
          properties.put("lines", new ListValue(lines));
          Instant at = BASE.plusSeconds(offset);
          return new Event("e", "p", type, at, at, source, ObjectValue.of(properties), List.of());
        });
    return Combinators.combine(attributes, Arbitraries.integers().between(0, 2), event.list().ofMaxSize(5),
            consent().list().ofMaxSize(4))
        .as(Person::new).list().ofMinSize(1).ofMaxSize(4);
  }

  /** A decision near the query's now (BASE): before, at, after, to the nanosecond; some lapsing. */
  private static Arbitrary<Consent> consent() {
    Arbitrary<Instant> at = Arbitraries.of(BASE.minusSeconds(86_400), BASE.minusSeconds(86_400),
        BASE.minusNanos(1), BASE.minusMillis(500), BASE.minusSeconds(3600).plusNanos(123_456_789),
        BASE.minusSeconds(3600).plusNanos(123_457_000), BASE, BASE.plusNanos(1), BASE.plusSeconds(86_400));
    Arbitrary<Instant> expiry = Arbitraries.of(BASE, BASE.plusNanos(1), BASE.minusSeconds(1),
        BASE.plusSeconds(86_400), Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("1800-01-01T00:00:00Z"))
        .injectNull(0.6);
    return Combinators.combine(Arbitraries.of("email", "sms", "all"),
            Arbitraries.of(Consent.MARKETING, Consent.MARKETING, "analytics"),
            Arbitraries.of(ConsentStatus.GRANTED, ConsentStatus.DENIED, ConsentStatus.UNKNOWN), at, expiry)
        .as((channel, purpose, status, when, lapse) -> new Consent(channel, purpose, status, when, "test", lapse));
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of("UTC", "Europe/Amsterdam", "Asia/Kolkata").map(ZoneId::of);
  }

  // ---- expressions, as text

  @Provide
  Arbitrary<String> expressions() {
    return SegmentTextArbitraries.nested(this::condition, 2);
  }

  private Arbitrary<String> condition() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Combinators.combine(Arbitraries.of("age", "score", "city", "tags", "flag", "`odd name`",
            "nothing", "$id", "$identifier.email"), test()).as((p, t) -> p + " " + t)),
        Tuple.of(4, event()),
        Tuple.of(3, metric()),
        Tuple.of(2, any()),
        Tuple.of(2, Arbitraries.oneOf(
            Combinators.combine(Arbitraries.of("email", "sms", "all", "EMAIL", "push"),
                Arbitraries.of("granted", "denied", "unknown")).as((c, s) -> "consent " + c + " " + s),
            Arbitraries.of("reachable via email", "reachable via sms", "reachable via Email"))),
        Tuple.of(1, Arbitraries.of("in segment \"s1\"", "in group \"g1\"", "everyone")));
  }

  private Arbitrary<String> metric() {
    return Combinators.combine(Arbitraries.of("\"a\"", "\"b\"", "*"), Arbitraries.of("sum", "min", "max", "avg"),
            Arbitraries.of("amount", "amount", "kind", "$type"), Arbitraries.of(">=", ">", "<", "<=", "=", "!="),
            Arbitraries.of("0", "10", "-2", "19.5", "30.00000000000000000000000000001", "123456789012345678901234567890"),
            Arbitraries.of("", " in the last 30 days", " where kind = \"x\""))
        .as((t, m, p, op, n, rest) -> "event " + t + " " + m + " of " + p + " " + op + " " + n + rest);
  }

  private Arbitrary<String> any() {
    Arbitrary<String> element = Combinators.combine(Arbitraries.of("sku", "price", "nothing"), test())
        .as((p, t) -> p + " " + t);
    Arbitrary<String> inner = Combinators.combine(Arbitraries.of("=", ">", "!="), literal())
        .as((op, v) -> "any items where n " + op + " " + v);
    Arbitrary<String> filter = Arbitraries.oneOf(element,
        Combinators.combine(element, element).as((a, b) -> "(" + a + " and " + b + ")"),
        Combinators.combine(element, inner).as((a, b) -> "(" + a + " or " + b + ")"),
        element.map(a -> "(not " + a + ")"), inner);
    return Combinators.combine(Arbitraries.of("orders", "orders", "tags", "age"), filter)
        .as((p, f) -> "any " + p + " where " + f);
  }

  private Arbitrary<String> literal() {
    return Arbitraries.of("30", "-2", "19.5", "10", "0", "100", "0.5", "30.00000000000000000000000000001",
        "\"30\"", "\"30.0\"", "\"+.5\"", "\"vip\"", "\"VIP\"", "\"\"", "\"true\"", "\"FALSE\"", "true", "false",
        "\"p1\"", "\"a\"", "\"web\"", "\"x\"", "\"it's\"", "\"a\\\\b\"", "\"Stra\u00dfe\"", "\"\u00e9t\u00e9\"");
  }

  private Arbitrary<String> test() {
    Arbitrary<String> list = literal().list().ofMaxSize(3).map(items -> "[" + String.join(", ", items) + "]");
    return Arbitraries.frequencyOf(
        Tuple.of(6, Combinators.combine(Arbitraries.of("=", "!=", "<", "<=", ">", ">="), literal())
            .as((op, v) -> op + " " + v)),
        Tuple.of(2, Combinators.combine(Arbitraries.of("in", "not in"), list).as((op, l) -> op + " " + l)),
        Tuple.of(1, Arbitraries.of("between 10 and 30", "between \"a\" and \"z\"", "between -2 and 0.5")),
        Tuple.of(2, Arbitraries.of("is empty", "is not empty")),
        Tuple.of(1, Arbitraries.of("contains \"vip\"", "in the last 3 days")));
  }

  private Arbitrary<String> event() {
    Arbitrary<String> type = Arbitraries.of("\"a\"", "\"b\"", "*", "\"it's\"");
    Arbitrary<String> count = Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(Arbitraries.of("at least", "at most", "exactly"), Arbitraries.integers().between(0, 3))
            .as((op, n) -> op + " " + n));
    Arbitrary<String> window = Arbitraries.of("", "anytime", "in the last 7 days", "in the last 2 months",
        "more than 3 weeks ago", "exactly 1 month ago", "before 2026-06-10", "on 2026-06-14",
        "between 1 and 3 days ago", "in the next 2 days");
    Arbitrary<String> filter = Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(Arbitraries.of("amount", "kind", "$type", "$source", "nothing"), test())
            .as((p, t) -> "where " + p + " " + t),
        any().map(a -> "where " + a.replace("any orders", "any lines")),
        Combinators.combine(Arbitraries.of("amount", "kind"), test(), Arbitraries.of("$source", "amount"), test())
            .as((p, t, q, u) -> "where (" + p + " " + t + " or not " + q + " " + u + ")"));
    return Combinators.combine(type, count, window, filter)
        .as((t, c, w, f) -> ("event " + t + " " + c + " " + w + " " + f).trim());
  }
}
