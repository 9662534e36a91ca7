package io.cdpkit.segments.internal.parse;

import static io.cdpkit.segments.ast.CalendarUnit.DAY;
import static io.cdpkit.segments.ast.CalendarUnit.HOUR;
import static io.cdpkit.segments.ast.CalendarUnit.MINUTE;
import static io.cdpkit.segments.ast.CalendarUnit.MONTH;
import static io.cdpkit.segments.ast.CalendarUnit.WEEK;
import static io.cdpkit.segments.ast.CalendarUnit.YEAR;
import static io.cdpkit.segments.ast.Dsl.and;
import static io.cdpkit.segments.ast.Dsl.attr;
import static io.cdpkit.segments.ast.Dsl.event;
import static io.cdpkit.segments.ast.Dsl.not;
import static io.cdpkit.segments.ast.Dsl.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.AnyWhere;
import io.cdpkit.segments.ast.Check;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Dsl;
import io.cdpkit.segments.ast.EventCondition;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Literal;
import io.cdpkit.segments.ast.Path;
import io.cdpkit.segments.ast.PathCheck;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ParserTest {

  private static Expr parse(String text) {
    return Parser.parse(text).expr();
  }

  @Test
  void parse_everyComparison_givesCompareChecks() {
    assertThat(parse("age = 30")).isEqualTo(attr("age").eq(30));
    assertThat(parse("age != 30")).isEqualTo(attr("age").ne(30));
    assertThat(parse("age < 30")).isEqualTo(attr("age").lt(30));
    assertThat(parse("age <= 30")).isEqualTo(attr("age").le(30));
    assertThat(parse("age > 30")).isEqualTo(attr("age").gt(30));
    assertThat(parse("age >= 30")).isEqualTo(attr("age").ge(30));
    assertThat(parse("age>=30")).isEqualTo(attr("age").ge(30));
  }

  @Test
  void parse_literals_haveTheirTypes() {
    assertThat(parse("a = \"x\"")).isEqualTo(attr("a").eq("x"));
    assertThat(parse("a = 'x'")).isEqualTo(attr("a").eq("x"));
    assertThat(parse("a = -2")).isEqualTo(attr("a").eq(-2));
    assertThat(parse("a = 19.95")).isEqualTo(attr("a").eq(new BigDecimal("19.95")));
    assertThat(parse("a = 30.0")).isEqualTo(attr("a").eq(30));
    assertThat(parse("a = TRUE")).isEqualTo(attr("a").eq(true));
    assertThat(parse("a = false")).isEqualTo(attr("a").eq(false));
    assertThat(parse("a = 2024-05-01")).isEqualTo(attr("a").eq(LocalDate.of(2024, 5, 1)));
    assertThat(parse("a = 2024-05-01T10:00:00Z"))
        .isEqualTo(attr("a").eq(OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 0, ZoneOffset.UTC)));
    assertThat(parse("a = 2024-05-01T10:00:00.5+02:00"))
        .isEqualTo(attr("a").eq(OffsetDateTime.of(2024, 5, 1, 10, 0, 0, 500_000_000,
            ZoneOffset.ofHours(2))));
  }

  @Test
  void parse_stringEscapes_areDecoded() {
    assertThat(parse("a = \"q\\\"s\\'b\\\\n\\nt\\tu\\u00e9\""))
        .isEqualTo(attr("a").eq("q\"s'b\\n\nt\tu\u00e9"));
    assertThat(parse("a = 'it\\'s'")).isEqualTo(attr("a").eq("it's"));
  }

  @Test
  void parse_textTests_giveTheirChecks() {
    assertThat(parse("a contains \"x\"")).isEqualTo(attr("a").contains("x"));
    assertThat(parse("a not contains 3")).isEqualTo(attr("a").notContains(3));
    assertThat(parse("a starts with \"x\"")).isEqualTo(attr("a").startsWith("x"));
    assertThat(parse("a ends with \"x\"")).isEqualTo(attr("a").endsWith("x"));
    assertThat(parse("a matches \"^x+$\"")).isEqualTo(attr("a").matches("^x+$"));
  }

  @Test
  void parse_lists_giveInChecks() {
    assertThat(parse("tier in [\"gold\", \"silver\"]")).isEqualTo(attr("tier").in("gold", "silver"));
    assertThat(parse("n not in [1, 2, 3]")).isEqualTo(attr("n").notIn(1, 2, 3));
    assertThat(parse("n in []")).isEqualTo(attr("n").in(new Object[0]));
  }

  @Test
  void parse_betweenAndEmptiness_giveTheirChecks() {
    assertThat(parse("age between 25 and 30")).isEqualTo(attr("age").between(25, 30));
    assertThat(parse("d between 2024-01-01 and 2024-02-01"))
        .isEqualTo(attr("d").between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 1)));
    assertThat(parse("a is empty")).isEqualTo(attr("a").isEmpty());
    assertThat(parse("a is not empty")).isEqualTo(attr("a").isNotEmpty());
  }

  @Test
  void parse_everyWindow_onAPath() {
    LocalDate d = LocalDate.of(2024, 5, 1);
    assertThat(parse("s anytime")).isEqualTo(attr("s").in(Dsl.anytime()));
    assertThat(parse("s on 2024-05-01")).isEqualTo(attr("s").in(Dsl.on(d)));
    assertThat(parse("s before 2024-05-01")).isEqualTo(attr("s").in(Dsl.before(d)));
    assertThat(parse("s after 2024-05-01")).isEqualTo(attr("s").in(Dsl.after(d)));
    assertThat(parse("s in the last 7 days")).isEqualTo(attr("s").in(Dsl.last(7, DAY)));
    assertThat(parse("s in the past 1 hour")).isEqualTo(attr("s").in(Dsl.last(1, HOUR)));
    assertThat(parse("s in the next 2 weeks")).isEqualTo(attr("s").in(Dsl.next(2, WEEK)));
    assertThat(parse("s exactly 3 months ago")).isEqualTo(attr("s").in(Dsl.exactlyAgo(3, MONTH)));
    assertThat(parse("s more than 10 minutes ago"))
        .isEqualTo(attr("s").in(Dsl.moreThanAgo(10, MINUTE)));
    assertThat(parse("s between 1 and 2 years ago"))
        .isEqualTo(attr("s").in(Dsl.betweenAgo(1, 2, YEAR)));
  }

  @Test
  void parse_unitsSingularOrPluralAnyCase_areTheSame() {
    assertThat(parse("s in the last 1 DAYS")).isEqualTo(parse("s in the last 1 day"));
    assertThat(parse("s In The Last 2 Day")).isEqualTo(parse("s in the last 2 days"));
  }

  @Test
  void parse_betweenFollowedByUnitAgo_isAWindowOtherwiseARange() {
    assertThat(parse("x between 1 and 2 days ago")).isEqualTo(attr("x").in(Dsl.betweenAgo(1, 2, DAY)));
    assertThat(parse("x between 1 and 2 and y = 1"))
        .isEqualTo(and(attr("x").between(1, 2), attr("y").eq(1)));
    assertThatThrownBy(() -> parse("x between 1.5 and 2 days ago"))
        .isInstanceOf(SegmentSyntaxException.class)
        .hasMessageContaining("expected a whole number");
  }

  @Test
  void parse_exactlyFollowedByUnit_isAWindowOtherwiseACount() {
    assertThat(parse("event \"a\" exactly 2 days ago"))
        .isEqualTo(event("a").within(Dsl.exactlyAgo(2, DAY)));
    assertThat(parse("event \"a\" exactly 2 times")).isEqualTo(event("a").exactly(2));
    assertThat(parse("event \"a\" exactly 2")).isEqualTo(event("a").exactly(2));
    assertThat(parse("event \"a\" exactly 2 exactly 1 week ago"))
        .isEqualTo(event("a").exactly(2).within(Dsl.exactlyAgo(1, WEEK)));
    assertThat(parse("event \"a\" exactly 1 time in the last 2 days"))
        .isEqualTo(event("a").exactly(1).within(Dsl.last(2, DAY)));
  }

  @Test
  void parse_inBracketIsAListInTheIsAWindow() {
    assertThat(parse("x in [1]")).isEqualTo(attr("x").in(1));
    assertThat(parse("x in the last 1 day")).isEqualTo(attr("x").in(Dsl.last(1, DAY)));
    assertThat(parse("in segment \"vip\"")).isEqualTo(Dsl.inSegment("vip"));
    assertThat(parse("in group \"staff\"")).isEqualTo(Dsl.inGroup("staff"));
  }

  @Test
  void parse_whereTakesOneCondition_restBelongsToTheProfile() {
    assertThat(parse("event \"purchase\" where price > 10 and age < 30"))
        .isEqualTo(and(event("purchase").where(attr("price").gt(10)), attr("age").lt(30)));
    assertThat(parse("event \"purchase\" where (price > 10 and age < 30)"))
        .isEqualTo(event("purchase").where(and(attr("price").gt(10), attr("age").lt(30))));
    assertThat(parse("any i where k = 1 or k = 2"))
        .isEqualTo(or(Dsl.any("i", attr("k").eq(1)), attr("k").eq(2)));
  }

  @Test
  void parse_eventConditions_withEveryPart() {
    assertThat(parse("event \"purchase\"")).isEqualTo(event("purchase"));
    assertThat(parse("event *")).isEqualTo(Dsl.anyEvent());
    assertThat(parse("event \"purchase\" at least 1 anytime")).isEqualTo(event("purchase"));
    assertThat(parse("event \"p\" at least 2 times")).isEqualTo(event("p").atLeast(2));
    assertThat(parse("event \"p\" at most 0")).isEqualTo(event("p").atMost(0));
    assertThat(parse("event \"p\" sum of amount >= 50"))
        .isEqualTo(event("p").metric(Aggregate.Metric.SUM, Path.attr("amount"), CompareOp.GE, 50));
    assertThat(parse("event \"p\" avg of a.b < 1.5 in the last 3 days where $source = \"web\""))
        .isEqualTo(event("p")
            .metric(Aggregate.Metric.AVG, Path.attr("a", "b"), CompareOp.LT, new BigDecimal("1.5"))
            .within(Dsl.last(3, DAY))
            .where(Dsl.system("source").eq("web")));
    assertThat(parse("event \"p\" min of x = 1")).isInstanceOf(EventCondition.class);
    assertThat(parse("event \"p\" max of x != 1")).isInstanceOf(EventCondition.class);
    assertThat(parse("event \"p\" between 2024-01-01 and 2024-01-31"))
        .isEqualTo(event("p").within(Dsl.betweenDates(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31))));
    assertThat(parse("event \"p\" between 1 and 3 weeks ago"))
        .isEqualTo(event("p").within(Dsl.betweenAgo(1, 3, WEEK)));
    assertThat(parse("event * where $type = \"p\""))
        .isEqualTo(Dsl.anyEvent().where(Dsl.system("type").eq("p")));
    assertThat(parse("event * where $timestamp on 2024-01-01"))
        .isEqualTo(Dsl.anyEvent().where(Dsl.system("timestamp").in(Dsl.on(LocalDate.of(2024, 1, 1)))));
  }

  @Test
  void parse_otherConditions() {
    assertThat(parse("any interests where (key = \"cars\" and value > 45)"))
        .isEqualTo(new AnyWhere(Path.attr("interests"),
            and(attr("key").eq("cars"), attr("value").gt(45))));
    assertThat(parse("consent email granted")).isEqualTo(Dsl.consent("email", ConsentStatus.GRANTED));
    assertThat(parse("consent sms DENIED")).isEqualTo(Dsl.consent("sms", ConsentStatus.DENIED));
    assertThat(parse("consent push unknown")).isEqualTo(Dsl.consent("push", ConsentStatus.UNKNOWN));
    assertThat(parse("reachable via whatsapp")).isEqualTo(Dsl.reachableVia("whatsapp"));
    assertThat(parse("everyone")).isEqualTo(Dsl.everyone());
  }

  @Test
  void parse_precedence_notBindsTighterThanAndThanOr() {
    Expr a = attr("a").eq(1);
    Expr b = attr("b").eq(1);
    Expr c = attr("c").eq(1);
    assertThat(parse("a = 1 or b = 1 and c = 1")).isEqualTo(or(a, and(b, c)));
    assertThat(parse("a = 1 and b = 1 or c = 1")).isEqualTo(or(and(a, b), c));
    assertThat(parse("not a = 1 and b = 1")).isEqualTo(and(not(a), b));
    assertThat(parse("not (a = 1 and b = 1)")).isEqualTo(not(and(a, b)));
    assertThat(parse("(a = 1 or b = 1) and c = 1")).isEqualTo(and(or(a, b), c));
    assertThat(parse("a = 1 or (b = 1 or c = 1)")).isEqualTo(or(a, b, c));
    assertThat(parse("((a = 1))")).isEqualTo(a);
  }

  @Test
  void parse_keywordsAnyCase_pathsCaseSensitive() {
    assertThat(parse("Age < 30 AND age < 30 And NOT x = 1"))
        .isEqualTo(and(attr("Age").lt(30), attr("age").lt(30), not(attr("x").eq(1))));
  }

  @Test
  void parse_paths_systemNestedAndBackQuoted() {
    assertThat(parse("address.city = \"x\"")).isEqualTo(attr("address", "city").eq("x"));
    assertThat(parse("`first name` = \"x\"")).isEqualTo(attr("first name").eq("x"));
    assertThat(parse("`event`.`in` = 1")).isEqualTo(attr("event", "in").eq(1));
    assertThat(parse("a.in = 1")).isEqualTo(attr("a", "in").eq(1));
    assertThat(parse("`$id` = 1")).isEqualTo(attr("$id").eq(1));
    assertThat(parse("`a\\`b` = 1")).isEqualTo(attr("a`b").eq(1));
    assertThat(parse("$id = \"p1\"")).isEqualTo(Dsl.system("id").eq("p1"));
    assertThat(parse("$created_at before 2024-01-01"))
        .isEqualTo(Dsl.system("created_at").in(Dsl.before(LocalDate.of(2024, 1, 1))));
    assertThat(parse("$identifier.email is not empty")).isEqualTo(Dsl.identifier("email").isNotEmpty());
    assertThat(parse("$computed.lifetime_value > 100")).isEqualTo(Dsl.computed("lifetime_value").gt(100));
    assertThat(parse("naïve_ñame = 1")).isEqualTo(attr("naïve_ñame").eq(1));
  }

  @Test
  void parse_commentsAndNewlines_areSkipped() {
    assertThat(parse("# leading\nage < 30 # trailing\n  and\n\tb = 1 # end"))
        .isEqualTo(and(attr("age").lt(30), attr("b").eq(1)));
    assertThat(parse("a = \"# not a comment\"")).isEqualTo(attr("a").eq("# not a comment"));
  }

  @Test
  void parse_specExample_givesTheDocumentedTree() {
    Expr expr = parse("age < 30 and $identifier.email is not empty\n"
        + "or event \"ticket_bought\" at least 1 where festival = \"The Festival 2018\"");
    assertThat(expr).isEqualTo(or(
        and(attr("age").lt(30), Dsl.identifier("email").isNotEmpty()),
        event("ticket_bought").where(attr("festival").eq("The Festival 2018"))));
  }

  @Test
  void parse_recordsPositionsOfNodes() {
    Parser.Result result = Parser.parse("a = 1 and\n  b matches \"x\"");
    PathCheck second = (PathCheck) ((io.cdpkit.segments.ast.And) result.expr()).args().get(1);
    assertThat(result.positions().of(second)).isEqualTo(new Positions.Position(2, 3));
    assertThat(second.check()).isEqualTo(new Check.Matches("x"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"event = 1", "in = 1", "not = 1", "any = 1", "consent = 1", "reachable = 1", "everyone = 1"})
  void parse_wordThatBeginsAConditionAsBarePath_isASyntaxErrorWithTheHint(String text) {
    assertThatThrownBy(() -> parse(text)).isInstanceOf(SegmentSyntaxException.class).hasMessageContaining("back-quote");
  }

  @ParameterizedTest
  @ValueSource(strings = {"days = 1", "true = 1", "unknown != 1", "group = \"a\"", "time > 3", "max < 2",
      "last = \"x\"", "day = 1", "segment = \"b\"", "Group contains \"x\"", "between between 1 and 2",
      "and = 1 and or = 2 or where is empty", "last in the last 3 days"})
  void parse_otherKeywordsAsBarePaths_areOrdinaryAttributes(String text) {
    Expr expr = parse(text);
    String first = text.substring(0, text.indexOf(' '));
    assertThat(expr).isEqualTo(parse(text.replaceFirst(first, "`" + first + "`")));
  }

  @Test
  void parse_literalsKeepValues() {
    PathCheck check = (PathCheck) parse("a in [\"x\", 1, true, 2024-01-01]");
    assertThat(((Check.InList) check.check()).values().items()).containsExactly(
        new Literal.Text("x"), new Literal.Num(BigDecimal.ONE), new Literal.Bool(true),
        new Literal.Date(LocalDate.of(2024, 1, 1)));
  }

  @Test
  void parsePath_readsOnePath() {
    assertThat(Parser.parsePath("a.`b c`", Scope.PROFILE)).isEqualTo(Path.attr("a", "b c"));
    assertThat(Parser.parsePath("$timestamp", Scope.EVENT)).isEqualTo(Path.system("timestamp"));
  }
}
