package io.cdpkit.storage.sqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.QueryBudgetExceededException;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.memory.InMemorySegmentStore;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.contract.SegmentSqlFixtures;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Segment queries in SQL: fallback, injection safety, and the segments service using them. */
final class SqlSegmentQueriesTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  private static Profile profile(String id, Map<String, ?> attributes) {
    return new Profile(id, ObjectValue.of(attributes), List.of(), List.of(), NOW, NOW, java.util.Set.of());
  }

  @Nested
  @DisplayName("nodes SQL cannot express")
  final class Fallback {
    @Test
    @DisplayName("$computed gets no answer from SQL, and the service still gives the evaluator's answer")
    void computed_fallsBack_serviceAnswersAsEvaluator() {
      try (SqliteStorage storage = SqliteStorage.inMemory();
          Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
        cdp.identify(Identify.builder().email("a@b.nl").set("age", 25).build());
        cdp.identify(Identify.builder().email("c@d.nl").set("age", 45).build());
        Segments segments = Segments.builder(cdp).store(storage.segmentStore())
            .groups(storage.groupStore()).queries(storage.segmentQueries())
            .computed((p, name) -> p.attribute("age").map(a -> BigDecimal.valueOf(2))
                .filter(v -> ((io.cdpkit.core.profile.NumberValue) p.attribute("age").get()).value().intValue() > 30))
            .build();
        Expr expr = SegmentExpression.parse("$computed.ltv > 1 or age < 30").expr();
        assertThat(storage.segmentQueries().matching(new SegmentQuery(expr,
            segments.context(NOW), name -> Optional.empty(), storage.groupStore()))).isEmpty();
        assertThat(segments.countMatching("$computed.ltv > 1 or age < 30")).isEqualTo(2);
        assertThat(segments.countMatching("$computed.ltv > 1")).isEqualTo(1);
        segments.close();
      }
    }

    @Test
    @DisplayName("in group is left to the service when its groups live in another store")
    void inGroup_otherStore_fallsBack() {
      try (SqliteStorage storage = SqliteStorage.inMemory()) {
        Expr expr = SegmentExpression.parse("in group \"g\"").expr();
        assertThat(storage.segmentQueries().matching(new SegmentQuery(expr,
            EvaluationContext.builder(NOW).build(), name -> Optional.empty(),
            InMemorySegmentStore.create()))).isEmpty();
        assertThat(storage.segmentQueries().matching(new SegmentQuery(expr,
            EvaluationContext.builder(NOW).build(), name -> Optional.empty(),
            storage.groupStore()))).contains(List.of());
      }
    }
  }

  @Nested
  @DisplayName("values and names from users never change the SQL")
  final class Injection {
    private final List<String> names = List.of("it's", "a\"b", "x'); DROP TABLE profiles; --",
        "$.age", "a.b", "a[0]", "*", "back\\slash", "per%cent", "under_score", "\u00e9t\u00e9");
    private final List<String> values = List.of("O'Brien", "say \"hi\"", "50%", "a_b", "\\", "\\\"",
        "'; DROP TABLE events; --", "$.x", "%", "_");

    @Test
    @DisplayName("quotes, backslashes, % and _ in values and JSON-path characters in names match exactly")
    void metacharacters_matchExactly() {
      try (SqliteStorage storage = SqliteStorage.inMemory()) {
        Map<Profile, List<Event>> data = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
          Map<String, Object> attributes = new LinkedHashMap<>();
          for (String name : names) {
            attributes.put(name, values.get((i + name.length()) % values.size()));
          }
          Profile p = profile("p" + i, attributes);
          data.put(p, List.of(new Event("e" + i, p.id(), "it's", NOW, NOW, "web",
              ObjectValue.of(Map.of(names.get(i % names.size()), values.get(i))), List.of())));
        }
        SegmentSqlFixtures.store(storage, data);
        EvaluationContext context = EvaluationContext.builder(NOW).build();
        int answered = 0;
        for (String name : names) {
          for (String value : values) {
            for (Check check : List.of(new Check.Compare(CompareOp.EQ, new Literal.Text(value)),
                new Check.Compare(CompareOp.NE, new Literal.Text(value)),
                new Check.Contains(false, new Literal.Text(value)),
                new Check.StartsWith(value), new Check.EndsWith(value),
                new Check.InList(false, new Literal.ListOf(List.of(new Literal.Text(value), new Literal.Text("%")))))) {
              Expr onProfile = new PathCheck(new Path(false, List.of(name)), check);
              Expr onEvent = SegmentExpression.parse("event \"it's\"").expr();
              onEvent = ((io.cdpkit.segments.ast.EventCondition) onEvent).where(onProfile);
              for (Expr expr : List.of(onProfile, onEvent)) {
                Optional<List<String>> sql = SegmentSqlFixtures.matching(storage, expr, context, Map.of());
                assertThat(sql).as("%s", SegmentExpression.of(expr).print()).isPresent();
                assertThat(sql.get()).as("%s", SegmentExpression.of(expr).print())
                    .isEqualTo(SegmentSqlFixtures.evaluator(data, expr, context));
                answered++;
              }
            }
          }
        }
        assertThat(answered).isEqualTo(names.size() * values.size() * 6 * 2);
        assertThat(storage.read(session -> session.profiles().count()).longValue()).isEqualTo(values.size());
        assertThat(storage.read(session -> session.events().count()).longValue()).isEqualTo(values.size());
      }
    }

    @Test
    @DisplayName("the SQL text holds no value or name from the expression")
    void sqlText_holdsNoUserText() {
      try (SqliteStorage storage = SqliteStorage.inMemory()) {
        for (String name : names) {
          Expr expr = new PathCheck(new Path(false, List.of(name, "in'ner")),
              new Check.Compare(CompareOp.EQ, new Literal.Text("'; DROP TABLE x; --")))
              .or(SegmentExpression.parse("event \"O'Brien\" where `" + name.replace("\\", "\\\\")
                  .replace("`", "\\`") + "` = \"%_\"").expr());
          String where = ((io.cdpkit.storage.jdbc.segments.JdbcSegmentQueries) storage.segmentQueries())
              .explainSql(new SegmentQuery(expr, EvaluationContext.builder(NOW).build(),
                  n -> Optional.empty(), storage.groupStore())).orElseThrow();
          assertThat(where).doesNotContain("DROP", "O'Brien", "%_", "in'ner");
          if (name.length() > 1) {
            assertThat(where).doesNotContain(name);
          }
        }
      }
    }
  }

  @Nested
  @DisplayName("the segments service on SQLite")
  final class Service {
    @Test
    @DisplayName("matching, countMatching and saved segments' members equal the in-memory service's")
    void service_withQueries_equalsWithout() {
      try (SqliteStorage storage = SqliteStorage.inMemory();
          Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
        for (int i = 0; i < 40; i++) {
          Profile p = cdp.identify(Identify.builder().email("u" + i + "@x.nl").set("age", 15 + i)
              .set("city", i % 3 == 0 ? "Amsterdam" : "Utrecht").set("tags", List.of("t" + i % 4)).build());
          for (int k = 0; k < i % 5; k++) {
            cdp.track(Track.builder(k % 2 == 0 ? "purchase" : "ticket_bought").profileId(p.id())
                .timestamp(NOW.minusSeconds(86_400L * (k * 9 + i)))
                .property("amount", k * 10 + i).property("festival", i % 2 == 0 ? "The Festival 2018" : "x")
                .build());
          }
        }
        Segments sql = Segments.builder(cdp).store(storage.segmentStore()).groups(storage.groupStore())
            .queries(storage.segmentQueries()).build();
        Segments java = Segments.attach(cdp);
        sql.createGroup("vip");
        java.createGroup("vip");
        List<String> some = sql.matching("age < 20");
        sql.addToGroup("vip", some);
        java.addToGroup("vip", some);
        List<String> expressions = List.of(
            "age < 30 and $identifier.email is not empty\n"
                + "or event \"ticket_bought\" at least 1 where festival = \"The Festival 2018\"",
            "city = \"Amsterdam\" and not tags contains \"T1\"",
            "event \"purchase\" sum of amount >= 30 in the last 30 days",
            "in group \"vip\" or reachable via email",
            "event * at most 1 in the last 2 weeks");
        for (String expression : expressions) {
          assertThat(sql.matching(expression)).as(expression).isEqualTo(java.matching(expression));
          assertThat(sql.countMatching(expression)).as(expression).isEqualTo(java.countMatching(expression));
        }
        sql.save("young", "age < 30 and city = \"Utrecht\"");
        java.save("young", "age < 30 and city = \"Utrecht\"");
        sql.save("fans", "in segment \"young\" or in group \"vip\"");
        java.save("fans", "in segment \"young\" or in group \"vip\"");
        for (String name : List.of("young", "fans")) {
          assertThat(sql.members(name, 1000, null).items()).isEqualTo(java.members(name, 1000, null).items());
          assertThat(sql.count(name)).isPositive();
        }
        List<io.cdpkit.segments.SegmentTransition> seen = new ArrayList<>();
        List<io.cdpkit.segments.SegmentTransition> expected = new ArrayList<>();
        sql.subscribe(seen::add);
        java.subscribe(expected::add);
        sql.update("young", "age < 25", null);
        java.update("young", "age < 25", null);
        assertThat(sql.members("young", 1000, null).items()).isEqualTo(java.members("young", 1000, null).items());
        assertThat(seen).isNotEmpty().containsExactlyInAnyOrderElementsOf(expected);
        sql.close();
        java.close();
      }
    }
  }

  @Test
  @DisplayName("a query in SQL past its budget is cancelled inside SQLite and named as over budget")
  void sqlQuery_pastItsBudget_isCancelled() {
    try (SqliteStorage storage = SqliteStorage.inMemory();
        Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build()) {
      String bio = "a".repeat(4_000);
      for (int i = 0; i < 500; i++) {
        cdp.identify(Identify.builder().profileId("p" + i).set("bio", bio).build());
      }
      // 500 profiles x 1,000 searches of 4 kB that never match: seconds of work inside SQLite.
      StringBuilder expression = new StringBuilder("bio contains \"z0\"");
      for (int term = 1; term < 1_000; term++) {
        expression.append(" or bio contains \"z").append(term).append('"');
      }
      Expr expr = SegmentExpression.parse(expression.toString()).expr();
      SegmentQuery query = new SegmentQuery(expr, EvaluationContext.builder(NOW).build(),
          name -> Optional.empty(), storage.groupStore(), Duration.ofMillis(100));

      // Answered in SQL (a fallback would give no answer at all), and stopped there.
      assertThatThrownBy(() -> storage.segmentQueries().count(query))
          .isInstanceOf(QueryBudgetExceededException.class)
          .hasMessageContaining("budget of 100 ms");
      // The reader connection is usable again at once.
      SegmentQuery quick = new SegmentQuery(SegmentExpression.parse("bio contains \"aaa\"").expr(),
          EvaluationContext.builder(NOW).build(), name -> Optional.empty(), storage.groupStore());
      assertThat(storage.segmentQueries().count(quick)).hasValue(500);
    }
  }
}
