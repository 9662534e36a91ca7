package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.SegmentExpression;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance kit of the segment language: every case of {@link ConformanceCases} must give
 * its expected result. An implementation (the in-memory evaluator, a SQL compiler) subclasses this
 * and implements {@link #evaluate}.
 */
public abstract class SegmentConformanceContract {

  /** Whether the fixture's profile, with its events, matches the expression at its now and zone. */
  protected abstract boolean evaluate(SegmentExpression expression, ConformanceCases.Fixture fixture);

  @TestFactory
  @DisplayName("every conformance case evaluates to its expected result")
  Stream<DynamicTest> everyCase_evaluatesToExpected() {
    return ConformanceCases.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () ->
        assertThat(evaluate(SegmentExpression.parse(c.expression()), c.fixture()))
            .as("%s (fixture %s)", c.expression(), c.fixtureName())
            .isEqualTo(c.expected())));
  }

  /**
   * Long junctions, as a generated or pasted list gives them, answer like short ones: SQLite refuses
   * an expression tree deeper than 1,000, which a flat chain of 1,000 terms would be.
   */
  @TestFactory
  @DisplayName("an or and an and of 1,000 terms evaluate like short ones")
  Stream<DynamicTest> longJunctions_evaluate() {
    ConformanceCases.Fixture ann = ConformanceCases.load("public-examples.json").stream()
        .filter(c -> c.fixtureName().equals("ann")).findFirst().orElseThrow().fixture();
    String anyAge = IntStream.range(0, 1000).mapToObj(i -> "age = " + (1000 + i)).collect(Collectors.joining(" or "));
    String everyAge = IntStream.range(0, 1000).mapToObj(i -> "age != " + (1000 + i)).collect(Collectors.joining(" and "));
    String someEvent = IntStream.range(0, 1000).mapToObj(i -> "amount = " + (1000 + i))
        .collect(Collectors.joining(" or ", "event \"purchase\" where (", " or amount = 30)"));
    return Stream.of(
        DynamicTest.dynamicTest("or of 1,000 terms, none true", () ->
            assertThat(evaluate(SegmentExpression.parse(anyAge), ann)).isFalse()),
        DynamicTest.dynamicTest("or of 1,001 terms, the last true", () ->
            assertThat(evaluate(SegmentExpression.parse(anyAge + " or age = 25"), ann)).isTrue()),
        DynamicTest.dynamicTest("and of 1,000 terms, all true", () ->
            assertThat(evaluate(SegmentExpression.parse(everyAge), ann)).isTrue()),
        DynamicTest.dynamicTest("event filter with an or of 1,001 terms", () ->
            assertThat(evaluate(SegmentExpression.parse(someEvent), ann)).isTrue()));
  }
}
