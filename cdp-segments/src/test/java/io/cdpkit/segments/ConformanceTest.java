package io.cdpkit.segments;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.spi.contract.ConformanceCases;
import io.cdpkit.segments.spi.contract.SegmentConformanceContract;

/** The in-memory evaluator passes the conformance cases, from the text and its canonical form. */
final class ConformanceTest extends SegmentConformanceContract {

  @Override
  protected boolean evaluate(SegmentExpression expression, ConformanceCases.Fixture fixture) {
    boolean result = expression.compile().evaluate(fixture.profile(), fixture.events(), fixture.context());
    SegmentExpression canonical = SegmentExpression.parse(expression.print());
    assertThat(canonical.compile().evaluate(fixture.profile(), fixture.events(), fixture.context()))
        .as("canonical form %s%n%s", canonical,
            expression.explain(fixture.profile(), fixture.events(), fixture.context()).render())
        .isEqualTo(result);
    return result;
  }
}
