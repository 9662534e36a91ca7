package io.cdpkit.storage.sqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.consent.ReachabilityPolicy;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.spi.Profiles;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NullValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.CompiledSegments;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.contract.SegmentTextArbitraries;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
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

/**
 * Differential property: for generated profiles, events and expressions, the members the SQL
 * compiler finds equal the members the in-memory evaluator finds. The generators mirror cdp-segments'
 * {@code SegmentProperties} (attribute values of every kind, lists, objects through lists, numeric
 * and date texts, texts that look like JSON lists or objects, integers beyond 64 bits, JSON nulls,
 * events around now, identifiers, consents, calendar-edge instants and zones with daylight
 * saving), with expressions written as text from every construct of the language.
 */
final class SqlSegmentDifferentialProperties {
  private static final Instant BASE = Instant.parse("2026-06-15T12:00:00Z");
  private static final String SAVED_S1 = "age > 20 or event \"a\" in the last 30 days";

  /** A profile's attributes, identifiers, consents and events (ids given when stored). */
  record Person(Map<String, AttributeValue> attributes, List<ProfileIdentifier> identifiers,
      List<Consent> consents, List<Event> events) {}

  @Property(tries = 200)
  void sqlMembers_equalEvaluatorMembers(
      @ForAll("people") List<Person> people,
      @ForAll("expressions") String text,
      @ForAll("nows") Instant now,
      @ForAll("zones") ZoneId zone,
      @ForAll boolean unknownEmailReachable) {
    Expr expr = SegmentExpression.parse(text).expr();
    try (SqliteStorage storage = SqliteStorage.inMemory()) {
      List<Profile> profiles = new ArrayList<>();
      List<List<Event>> eventsOf = new ArrayList<>();
      storage.write(session -> {
        for (int i = 0; i < people.size(); i++) {
          Person person = people.get(i);
          String id = "p" + (i + 1);
          session.profiles().insert(new StoredProfile(id, new ObjectValue(person.attributes()),
              person.consents(), BASE.minusSeconds(86_400L * 30 * i), BASE, Set.of()));
          for (ProfileIdentifier identifier : person.identifiers()) {
            ProfileIdentifier own = new ProfileIdentifier(
                Identifier.of(identifier.type(), identifier.type().equals("phone") ? identifier.value() + (i + 1) : id + identifier.value()), identifier.firstSeen(),
                identifier.lastSeen(), identifier.deliverable(), identifier.main(), null);
            session.identifiers().put(new StoredIdentifier(own, id, id));
          }
          List<Event> events = new ArrayList<>();
          int n = 0;
          for (Event e : person.events()) {
            Event event = new Event(id + "-e" + n++, id, e.type(), e.timestamp(), e.receivedAt(),
                e.source(), e.properties(), List.of());
            session.events().insert(event, id);
            events.add(event);
          }
          profiles.add(Profiles.assemble(session, session.profiles().find(id).orElseThrow()));
          eventsOf.add(events);
        }
        return null;
      });
      storage.groupStore().createGroup("g1", Instant.EPOCH);
      storage.groupStore().addToGroup("g1", "p1");
      ReachabilityPolicy policy = unknownEmailReachable
          ? ReachabilityPolicy.defaults().allowUnknownConsent("email") : ReachabilityPolicy.defaults();
      Expr saved = SegmentExpression.parse(SAVED_S1).expr();
      EvaluationContext context = EvaluationContext.builder(now).zone(zone)
          .segments(CompiledSegments.of(Map.of("s1", SegmentExpression.of(saved).compile())))
          .groups((group, profile) -> storage.groupStore().inGroup(group, profile.id()))
          .reachability(policy)
          .build();

      Optional<List<String>> sql = storage.segmentQueries().matching(new SegmentQuery(expr, context,
          name -> name.equals("s1") ? Optional.of(saved) : Optional.empty(), storage.groupStore()));

      CompiledSegment compiled = SegmentExpression.of(expr).compile();
      TreeSet<String> expected = new TreeSet<>();
      for (int i = 0; i < profiles.size(); i++) {
        if (compiled.evaluate(profiles.get(i), eventsOf.get(i), context)) {
          expected.add(profiles.get(i).id());
        }
      }
      assertThat(sql).as("SQL answers %s", text).isPresent();
      assertThat(sql.get()).as("%s at %s in %s over %s", text, now, zone, people)
          .containsExactlyElementsOf(expected);
    }
  }

  // ---- data

  @Provide
  Arbitrary<List<Person>> people() {
    Arbitrary<AttributeValue> scalar = Arbitraries.oneOf(
        Arbitraries.integers().between(-5, 40).map(AttributeValue::of),
        Arbitraries.of("19.5", "1e1", "30.0", "123456789012345678901234567890", "-9223372036854775809",
            "9223372036854775807").map(s -> AttributeValue.of(new java.math.BigDecimal(s))),
        Arbitraries.of("Amsterdam", "amsterdam", "VIP", "vip", "30", "true", "TRUE", "", "  ", "[vip", "{vip}",
            "2026-06-10", "2026-06-15T11:00:00Z", "2026-06-14T23:30:00", "Straße", "it's \"q\"",
            "50%_off", "a\\b").map(AttributeValue::of),
        Arbitraries.of(true, false).map(AttributeValue::of),
        Arbitraries.of(1_781_000_000_000L, 1_750_000_000_000L).map(AttributeValue::of),
        Arbitraries.just(NullValue.INSTANCE));
    Arbitrary<AttributeValue> value = Arbitraries.oneOf(scalar,
        scalar.list().ofMaxSize(3).map(l -> (AttributeValue) new ListValue(l)),
        Arbitraries.integers().between(0, 2).map(SqlSegmentDifferentialProperties::orders),
        interests(scalar),
        Arbitraries.just(AttributeValue.of(List.of("vip", 30))),
        Arbitraries.just(ObjectValue.EMPTY));
    List<String> names = List.of("age", "score", "city", "tags", "signup", "flag", "orders",
        "odd name", "a.b", "interests");
    Arbitrary<Map<String, AttributeValue>> attributes = Arbitraries.subsetOf(names)
        .flatMap(chosen -> value.list().ofSize(chosen.size()).map(values -> {
          Map<String, AttributeValue> map = new LinkedHashMap<>();
          int i = 0;
          for (String name : chosen) {
            map.put(name, values.get(i++));
          }
          return map;
        }));
    Arbitrary<Event> event = Combinators.combine(Arbitraries.of("a", "b", "c"),
            Arbitraries.longs().between(-800L * 86_400, 60L * 86_400), amounts(scalar),
            Arbitraries.of((Object) "x", "y", List.of("x"), "[x", 7), Arbitraries.of("web", "app"))
        .as((type, offset, amount, kind, source) -> {
          Map<String, Object> properties = new LinkedHashMap<>();
          properties.put("amount", amount);
          properties.put("kind", kind);
          properties.put("items", List.of(Map.of("price", 3), Map.of("price", offset % 7)));
          Instant at = BASE.plusSeconds(offset);
          return new Event("e", "p", type, at, at, source, ObjectValue.of(properties), List.of());
        });
    Arbitrary<List<ProfileIdentifier>> identifiers = Arbitraries.of(
        List.of(), List.of(identifier("email", "a@b.nl", true)),
        List.of(identifier("email", "a@b.nl", false)),
        List.of(identifier("phone", "+31612345678", true), identifier("email", "c@d.nl", true)));
    Arbitrary<Consent> consent = Combinators.combine(
            Arbitraries.of("email", "sms", "all", "push"), Arbitraries.of(ConsentStatus.class),
            Arbitraries.longs().between(-100L * 86_400, 10L * 86_400),
            Arbitraries.of(-1L, 86_400L, -86_400L))
        .as((channel, status, at, expiry) -> new Consent(channel, Consent.MARKETING, status,
            BASE.plusSeconds(at), "test", expiry == -1L ? null : BASE.plusSeconds(at + expiry)));
    Arbitrary<Person> person = Combinators.combine(attributes, identifiers,
            consent.list().ofMaxSize(3), event.list().ofMaxSize(6))
        .as(Person::new);
    return person.list().ofMinSize(1).ofMaxSize(4);
  }

  /** Event amounts: every scalar, decimals whose double sums are inexact, huge numbers, lists. */
  private static Arbitrary<AttributeValue> amounts(Arbitrary<AttributeValue> scalar) {
    return Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(2).map(l -> (AttributeValue) new ListValue(l)),
        Arbitraries.of("0.1", "0.2", "-0.3", "0.30000000000000001", "1e30", "1e400", "-7.25")
            .map(s -> AttributeValue.of(new java.math.BigDecimal(s))));
  }

  /** Lists of {key, value} objects, values of every kind (nested lists too), and a stray element. */
  private static Arbitrary<AttributeValue> interests(Arbitrary<AttributeValue> scalar) {
    Arbitrary<AttributeValue> element = Combinators.combine(Arbitraries.of(AttributeValue.of("books"),
                AttributeValue.of("music"), AttributeValue.of("Books"), AttributeValue.of(List.of("x", "books"))),
            Arbitraries.oneOf(scalar, scalar.list().ofMaxSize(2).map(l -> (AttributeValue) new ListValue(l))))
        .as((key, value) -> new ObjectValue(Map.of("key", key, "value", value)));
    return Arbitraries.oneOf(element, element, scalar).list().ofMaxSize(3)
        .map(l -> (AttributeValue) new ListValue(l));
  }

  private static ProfileIdentifier identifier(String type, String value, boolean deliverable) {
    return new ProfileIdentifier(Identifier.of(type, value), BASE, BASE, deliverable, true,
        deliverable ? null : "bounced");
  }

  private static AttributeValue orders(int n) {
    List<Object> orders = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      orders.add(Map.of("id", i, "items", List.of(Map.of("price", i + 5), Map.of("price", 2))));
    }
    return AttributeValue.of(orders);
  }

  @Provide
  Arbitrary<Instant> nows() {
    return Arbitraries.oneOf(
        Arbitraries.of(BASE, Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-10-25T00:30:00Z"),
            Instant.parse("2026-12-31T23:00:00Z"), Instant.parse("2026-01-31T23:59:59Z")),
        Arbitraries.longs().between(-40L * 86_400, 40L * 86_400).map(BASE::plusSeconds));
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of("UTC", "Europe/Amsterdam", "America/New_York", "Asia/Kolkata").map(ZoneId::of);
  }

  // ---- expressions, as text

  @Provide
  Arbitrary<String> expressions() {
    return SegmentTextArbitraries.nested(this::condition, 2);
  }

  private Arbitrary<String> condition() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, Combinators.combine(profilePath(), test()).as((p, t) -> p + " " + t)),
        net.jqwik.api.Tuple.of(5, event()),
        net.jqwik.api.Tuple.of(1, Arbitraries.of(
            "any orders where (id = 1 and items.price > 4)", "any orders where items.price = 2",
            "any tags where everyone", "any orders where (not id = 0)",
            "any interests where (key = \"books\" and value > 5)", "any interests where value >= 19.5",
            "any interests where (key in [\"books\", \"x\"] or not value < 10)",
            "any interests where value = \"30\"", "any orders where any items where price > 3",
            "any interests where (value contains 30 and not key = \"music\")",
            "any `odd name` where key = \"books\"")),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("event * where kind = \"x\"",
            "event \"a\" at least 2 where kind in [\"x\", \"z\"]", "not event * where kind != \"x\"",
            "any interests where key = \"books\"", "any interests where key != \"books\"", "tags = \"vip\"",
            "tags not in [\"vip\", \"a\"]", "age > 9223372036854775807", "age <= -9223372036854775808",
            "any interests where value > 5", "any interests where value != 30")),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("in segment \"s1\"", "in group \"g1\"", "everyone")),
        net.jqwik.api.Tuple.of(1, Combinators.combine(Arbitraries.of("email", "sms", "push", "Email"),
            Arbitraries.of("granted", "denied", "unknown")).as((c, s) -> "consent " + c + " " + s)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("email", "sms", "push", "whatsapp")
            .map(c -> "reachable via " + c)));
  }

  private Arbitrary<String> profilePath() {
    return Arbitraries.of("age", "score", "city", "tags", "signup", "flag", "orders.items.price",
        "interests", "interests.value",
        "orders.id", "`odd name`", "`a.b`", "nothing", "$id", "$created_at", "$updated_at",
        "$identifier.email", "$identifier.phone");
  }

  private Arbitrary<String> eventPath() {
    return Arbitraries.of("amount", "kind", "items.price", "nothing", "$type", "$source", "$timestamp");
  }

  private Arbitrary<String> literal() {
    return Arbitraries.of("30", "-2", "19.5", "10", "0", "\"30\"", "\"vip\"", "\"VIP\"", "\"Amsterdam\"",
        "\"\"", "true", "false", "\"true\"", "2026-06-10", "2026-06-15T11:00:00Z", "\"p1\"",
        "\"it's \\\"q\\\"\"", "\"50%_off\"", "\"a\\\\b\"", "\"x\"", "\"web\"", "\"a\"",
        "9223372036854775807", "\"[vip\"", "\"books\"");
  }

  private Arbitrary<String> test() {
    Arbitrary<String> list = literal().list().ofMaxSize(3).map(items -> "[" + String.join(", ", items) + "]");
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Combinators.combine(Arbitraries.of("=", "!=", "<", "<=", ">", ">="), literal())
            .as((op, v) -> op + " " + v)),
        net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of("contains", "not contains"), literal())
            .as((op, v) -> op + " " + v)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("starts with \"am\"", "ends with \"DAM\"", "matches \"^[0-9]+$\"",
            "matches \"(?i)vip\"", "starts with \"ß\"", "ends with \"%_off\"")),
        net.jqwik.api.Tuple.of(2, Combinators.combine(Arbitraries.of("in", "not in"), list).as((op, l) -> op + " " + l)),
        net.jqwik.api.Tuple.of(1, Arbitraries.of("between 10 and 30", "between \"a\" and \"z\"",
            "between 2026-06-01 and 2026-06-12")),
        net.jqwik.api.Tuple.of(2, Arbitraries.of("is empty", "is not empty")),
        net.jqwik.api.Tuple.of(2, window()));
  }

  private Arbitrary<String> window() {
    return Arbitraries.oneOf(
        Arbitraries.of("anytime", "on 2026-06-14", "before 2026-06-10", "after 2026-06-10",
            "between 2026-05-01 and 2026-06-14"),
        Combinators.combine(Arbitraries.of("in the last", "in the next", "exactly", "more than"),
                Arbitraries.integers().between(0, 13),
                Arbitraries.of("minutes", "hours", "days", "weeks", "months", "years"))
            .as((kind, n, unit) -> kind.startsWith("in") ? kind + " " + n + " " + unit
                : kind + " " + n + " " + unit + " ago"),
        Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3),
                Arbitraries.of("days", "weeks", "months", "hours"))
            .as((a, b, unit) -> "between " + Math.min(a, b) + " and " + Math.max(a, b) + " " + unit + " ago"));
  }

  private Arbitrary<String> event() {
    Arbitrary<String> type = Arbitraries.of("\"a\"", "\"b\"", "*", "\"zz\"");
    Arbitrary<String> aggregate = Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(Arbitraries.of("at least", "at most", "exactly"), Arbitraries.integers().between(0, 3))
            .as((op, n) -> op + " " + n),
        Combinators.combine(Arbitraries.of("sum", "avg", "min", "max"), Arbitraries.of("amount", "items.price", "$type"),
                Arbitraries.of("=", "!=", "<", ">=", ">"), Arbitraries.of("0", "3", "10", "20.5", "0.3", "-0.3", "1000000000000000000000000000000"))
            .as((m, p, op, v) -> m + " of " + p + " " + op + " " + v));
    Arbitrary<String> window = Arbitraries.oneOf(Arbitraries.just(""), window());
    Arbitrary<String> filter = Arbitraries.oneOf(Arbitraries.just(""),
        Combinators.combine(eventPath(), test()).as((p, t) -> "where " + p + " " + t),
        Combinators.combine(eventPath(), test(), eventPath(), test())
            .as((p, t, q, u) -> "where (" + p + " " + t + " or not " + q + " " + u + ")"),
        Arbitraries.of("where any items where price > 3", "where everyone"));
    return Combinators.combine(type, aggregate, window, filter)
        .as((t, a, w, f) -> ("event " + t + " " + a + " " + w + " " + f).trim());
  }
}
