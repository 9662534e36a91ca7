package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cdpkit.segments.Problem.Kind;
import io.cdpkit.segments.ast.Aggregate;
import io.cdpkit.segments.ast.CompareOp;
import io.cdpkit.segments.ast.Dsl;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.ast.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class ValidationTest {
  private static final Map<String, Expr> SAVED = Map.of(
      "vip", SegmentExpression.parse("spend > 1000").expr(),
      "active", SegmentExpression.parse("event * in the last 30 days").expr(),
      "loop_a", SegmentExpression.parse("in segment \"loop_b\"").expr(),
      "loop_b", SegmentExpression.parse("in segment \"loop_a\"").expr(),
      "uses_new", SegmentExpression.parse("in segment \"new\" or in segment \"vip\"").expr());

  private static final ValidationContext NAMES = ValidationContext.builder()
      .segments(SegmentDefinitions.of(SAVED))
      .groups(Set.of("staff"))
      .computedAttributes(Set.of("lifetime_value"))
      .savingAs("new")
      .build();

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "a matches \"[a\"                          | INVALID_REGEX         | 1 | 1",
      "a between 30 and 20                       | INVERTED_BETWEEN      | 1 | 11",
      "a between \"b\" and \"a\"                 | INVERTED_BETWEEN      | 1 | 11",
      "a between 2024-02-01 and 2024-01-01       | INVERTED_BETWEEN      | 1 | 11",
      "a between 2024-02-01T00:00:00Z and 2024-01-01T00:00:00Z | INVERTED_BETWEEN | 1 | 11",
      "a between 3 and 1 days ago                | INVERTED_BETWEEN      | 1 | 11",
      "event \"p\" between 2024-02-01 and 2024-01-01 | INVERTED_BETWEEN  | 1 | 11",
      "event \"p\" at least -1                   | NEGATIVE_COUNT        | 1 | 11",
      "event \"p\" exactly -2 times              | NEGATIVE_COUNT        | 1 | 11",
      "a in the last -3 days                     | NEGATIVE_COUNT        | 1 | 3",
      "event \"p\" sum of amount > \"50\"        | NON_NUMERIC_AGGREGATE | 1 | 27",
      "event \"p\" avg of amount > true          | NON_NUMERIC_AGGREGATE | 1 | 27",
      "event \"p\" min of amount > 2024-01-01    | NON_NUMERIC_AGGREGATE | 1 | 27",
  })
  void validate_structuralProblems_areReportedWithPositions(String text, Kind kind, int line, int column) {
    SegmentExpression expression = SegmentExpression.parse(text.strip());
    List<Problem> problems = expression.validate();
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).kind()).isEqualTo(kind);
    assertThat(problems.get(0).line()).isEqualTo(line);
    assertThat(problems.get(0).column()).isEqualTo(column);
    assertThatThrownBy(expression::compile)
        .isInstanceOf(SegmentValidationException.class)
        .hasMessageContaining("expected " + problems.get(0).expected());
  }

  @Test
  void validate_collectsEveryProblem_inTreeOrder() {
    SegmentExpression expression = SegmentExpression.parse(
        "a matches \"(\" or b between 2 and 1\n or event \"p\" at least -1 or in group \"nope\"");
    List<Problem> problems = expression.validate(NAMES);
    assertThat(problems).extracting(Problem::kind).containsExactly(
        Kind.INVALID_REGEX, Kind.INVERTED_BETWEEN, Kind.NEGATIVE_COUNT, Kind.UNKNOWN_GROUP);
    assertThat(problems.get(2).line()).isEqualTo(2);
    assertThat(problems.get(3).found()).isEqualTo("unknown group \"nope\"");
  }

  @Test
  void validate_regexProblem_saysWhatIsWrong() {
    Problem problem = SegmentExpression.parse("a matches \"[a\"").validate().get(0);
    assertThat(problem.expected()).startsWith("a valid RE2 regular expression");
    assertThat(problem.found()).startsWith("\"[a\" (missing closing ]");
  }

  @Test
  void validate_javaOnlyRegexFeatures_areRefusedWithTheReason() {
    assertThat(SegmentExpression.parse("a matches \"(x)\\\\1\"").validate().get(0).found())
        .contains("backreferences are not supported");
    assertThat(SegmentExpression.parse("a matches \"x(?=y)\"").validate().get(0).found())
        .contains("lookahead and lookbehind are not supported");
    assertThat(SegmentExpression.parse("a matches \"x*+\"").validate()).extracting(Problem::kind)
        .containsExactly(Kind.INVALID_REGEX);
  }

  @Test
  void validate_names_unknownSegmentGroupAndComputed() {
    assertThat(SegmentExpression.parse("in segment \"vip\" and in group \"staff\"").validate(NAMES))
        .isEmpty();
    assertThat(SegmentExpression.parse("in segment \"nope\"").validate(NAMES))
        .extracting(Problem::kind, Problem::found)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_SEGMENT, "unknown segment \"nope\""));
    assertThat(SegmentExpression.parse("in group \"nope\"").validate(NAMES))
        .extracting(Problem::kind).containsExactly(Kind.UNKNOWN_GROUP);
    assertThat(SegmentExpression.parse("$computed.lifetime_value > 1").validate(NAMES)).isEmpty();
    assertThat(SegmentExpression.parse("$computed.ltv > 1").validate(NAMES))
        .extracting(Problem::kind, Problem::expected)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.UNKNOWN_COMPUTED,
            "a known computed attribute [lifetime_value]"));
  }

  @Test
  void validate_withoutNames_checksNoNames() {
    assertThat(SegmentExpression.parse("in segment \"x\" and in group \"y\" and $computed.z > 1")
        .validate()).isEmpty();
  }

  @Test
  void validate_selfReference_isACycle() {
    List<Problem> problems = SegmentExpression.parse("age > 1 and in segment \"new\"").validate(NAMES);
    assertThat(problems).extracting(Problem::kind).containsExactly(Kind.SEGMENT_CYCLE);
    assertThat(problems.get(0).column()).isEqualTo(13);
  }

  @Test
  void validate_referenceBackThroughOthers_isACycle() {
    List<Problem> problems = SegmentExpression.parse("in segment \"uses_new\"").validate(NAMES);
    assertThat(problems).extracting(Problem::kind).containsExactly(Kind.SEGMENT_CYCLE);
    assertThat(problems.get(0).found()).isEqualTo("new -> uses_new -> new");
  }

  @Test
  void validate_cycleAmongSavedSegments_isReported() {
    List<Problem> problems = SegmentExpression.parse("in segment \"loop_a\"").validate(NAMES);
    assertThat(problems).extracting(Problem::found).containsExactly("loop_a -> loop_b -> loop_a");
  }

  @Test
  void parseAndValidate_throwsWithEveryProblemAndCarets() {
    SegmentValidationException e = catchThrowableOfType(SegmentValidationException.class,
        () -> SegmentExpression.parseAndValidate("in segment \"nope\" or\nx between 5 and 1", NAMES));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.source()).isNotNull();
    assertThat(e.getMessage()).isEqualTo(
        "Invalid segment at line 1, column 1: expected the name of a saved segment, found unknown"
            + " segment \"nope\"\n"
            + "in segment \"nope\" or\n"
            + "^\n"
            + "Invalid segment at line 2, column 11: expected a lower bound at or below the upper"
            + " bound, found 5 above 1\n"
            + "x between 5 and 1\n"
            + "          ^");
    assertThat(SegmentExpression.parseAndValidate("in segment \"vip\"", NAMES).print())
        .isEqualTo("in segment \"vip\"");
  }

  @Test
  void validate_builtTrees_reportProblemsWithoutPositions() {
    SegmentExpression built = SegmentExpression.of(Dsl.and(
        Dsl.event("p").where(Dsl.inSegment("vip")),
        Dsl.event("p").where(Dsl.identifier("email").isEmpty()),
        Dsl.any("items", Dsl.system("type").eq("x")),
        Dsl.system("timestamp").in(Dsl.anytime()),
        Dsl.event("p").metric(Aggregate.Metric.SUM, Path.attr("a"), CompareOp.GT, "x")));
    List<Problem> problems = built.validate();
    assertThat(problems).extracting(Problem::kind).containsExactly(
        Kind.MISPLACED_CONDITION, Kind.MISPLACED_CONDITION, Kind.MISPLACED_CONDITION,
        Kind.MISPLACED_CONDITION, Kind.NON_NUMERIC_AGGREGATE);
    assertThat(problems).allSatisfy(p -> assertThat(p.hasPosition()).isFalse());
    SegmentValidationException e = catchThrowableOfType(SegmentValidationException.class, built::compile);
    assertThat(e.source()).isNull();
    assertThat(e.getMessage()).startsWith("Invalid segment: expected a condition on event properties,"
        + " found \"in segment\", which applies to profiles only");
  }

  @Test
  void validationContext_builder_refusesSecondSetting() {
    ValidationContext.Builder builder = ValidationContext.builder().savingAs("a");
    assertThatThrownBy(() -> builder.savingAs("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("savingAs was already set to a");
  }
}
