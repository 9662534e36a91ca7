package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.SegmentExpression;
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
}
