package io.cdpkit.storage.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import io.cdpkit.segments.memory.InMemorySegmentStore;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.contract.SegmentSqlFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Segment queries in PostgreSQL: fallback, injection safety and numbers at numeric's edges. */
final class PgSqlSegmentQueriesTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final EvaluationContext CONTEXT = EvaluationContext.builder(NOW).build();
  private static PgSegmentSqlFixtures database;

  @BeforeAll
  static void open() {
    database = new PgSegmentSqlFixtures();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void clear() {
    database.clear();
  }

  private static Profile profile(String id, Map<String, ?> attributes) {
    return new Profile(id, ObjectValue.of(attributes), List.of(), List.of(), NOW, NOW, Set.of());
  }

  @Test
  @DisplayName("$computed, and in group on groups kept in another store, get no answer; in group here does")
  void computedAndForeignGroups_fallBack() {
    assertThat(database.matching(SegmentExpression.parse("$computed.ltv > 1 or age < 30").expr(),
        CONTEXT, Map.of())).isEmpty();
    Expr group = SegmentExpression.parse("in group \"g\"").expr();
    assertThat(database.storage().segmentQueries().matching(new SegmentQuery(group, CONTEXT,
        name -> Optional.empty(), InMemorySegmentStore.create()))).isEmpty();
    assertThat(database.matching(group, CONTEXT, Map.of())).contains(List.of());
  }

  @Test
  @DisplayName("texts at the edges of numeric (9e9999, 1E-9999) compare with numbers as the evaluator's")
  void numericEdges_matchEvaluator() {
    Map<Profile, List<Event>> data = new LinkedHashMap<>();
    List<String> texts = List.of("9e9999", "-1E-9999", "1e99999", "+.5", "5.", "0.50", "\u0663");
    for (int i = 0; i < texts.size(); i++) {
      data.put(profile("p" + i, Map.of("score", texts.get(i), "n", List.of(texts.get(i), i))), List.of());
    }
    database.store(data);
    for (String expression : List.of("score > 1", "score < 0", "score = 0.5", "score != 5", "n >= 9",
        "score in [0.5, \"5.\"]", "score between -1 and 1")) {
      Expr expr = SegmentExpression.parse(expression).expr();
      assertThat(database.matching(expr, CONTEXT, Map.of())).as(expression).contains(SegmentSqlFixtures.evaluator(data, expr, CONTEXT));
    }
  }

  @Test
  @DisplayName("quotes, backslashes, % and _ in values and JSON-path characters in names match exactly, and the SQL holds none")
  void metacharacters_matchExactly() {
    List<String> names = List.of("it's", "a\"b", "x'); DROP TABLE profiles; --", "$.age", "a[0]", "{a}",
        "back\\slash", "per%cent", "\u00e9t\u00e9");
    List<String> values = List.of("O'Brien", "say \"hi\"", "50%", "a_b", "\\", "'; DROP TABLE events; --",
        "{}", "%", "_");
    Map<Profile, List<Event>> data = SegmentSqlFixtures.metacharacterProfiles(names, values, NOW);
    database.store(data);
    for (String name : names) {
      for (String value : values) {
        for (Check check : List.of(new Check.Compare(CompareOp.EQ, new Literal.Text(value)),
            new Check.Compare(CompareOp.NE, new Literal.Text(value)),
            new Check.Compare(CompareOp.LT, new Literal.Text(value)),
            new Check.InList(false, new Literal.ListOf(List.of(new Literal.Text(value), new Literal.Text("%")))))) {
          Expr onProfile = new PathCheck(new Path(false, List.of(name)), check);
          Expr onEvent = ((EventCondition) SegmentExpression.parse("event \"it's\"").expr()).where(onProfile);
          for (Expr expr : List.of(onProfile, onEvent)) {
            String printed = SegmentExpression.of(expr).print();
            assertThat(database.matching(expr, CONTEXT, Map.of())).as(printed).contains(SegmentSqlFixtures.evaluator(data, expr, CONTEXT));
            String where = database.queries().explainSql(database.query(expr, CONTEXT, Map.of())).orElseThrow();
            assertThat(where).as(printed).doesNotContain("DROP", "O'Brien", "50%", "it's");
          }
        }
      }
    }
    assertThat(database.storage().read(session -> session.profiles().count()).longValue()).isEqualTo(values.size());
  }

  @Test
  @DisplayName("an OR at the top with event counts among its parts is one union of sets, with the evaluator's members")
  void orWithEventCounts_isUnionOfSets() {
    Map<Profile, List<Event>> data = new LinkedHashMap<>();
    for (int i = 0; i < 6; i++) {
      String id = "p" + i;
      List<Event> events = new ArrayList<>();
      for (int k = 0; k < i; k++) {
        events.add(new Event(id + "-e" + k, id, k % 2 == 0 ? "purchase" : "view", NOW.minusSeconds(k),
            NOW.minusSeconds(k), "web", ObjectValue.EMPTY, List.of()));
      }
      data.put(profile(id, Map.of("age", 18 + 3 * i, "city", "c" + i % 3)), events);
    }
    database.store(data);
    for (String expression : List.of("age < 22 or city = \"c1\" or event \"purchase\" at least 2",
        "(event \"purchase\" at least 3 or event \"view\" exactly 1) and age > 20")) {
      Expr expr = SegmentExpression.parse(expression).expr();
      assertThat(database.queries().explainSql(database.query(expr, CONTEXT, Map.of())).orElseThrow())
          .as(expression).contains("UNION ALL");
      assertThat(database.matching(expr, CONTEXT, Map.of())).as(expression)
          .contains(SegmentSqlFixtures.evaluator(data, expr, CONTEXT));
    }
  }
}
