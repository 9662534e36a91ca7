package io.cdpkit.segments;

import io.cdpkit.core.CdpException;
import java.time.Duration;

/**
 * An ad-hoc count or match ran longer than the budget set with {@link
 * Segments.Builder#queryBudget} and was stopped. Nothing was stored; a narrower expression, or a
 * larger budget, answers.
 */
public class QueryBudgetExceededException extends CdpException {
  private static final long serialVersionUID = 1L;

  private final Duration budget;

  public QueryBudgetExceededException(Duration budget) {
    super("the query ran longer than its budget of " + describe(budget)
        + " and was stopped; narrow the expression or raise the budget");
    this.budget = budget;
  }

  /** The budget the query exceeded. */
  public Duration budget() {
    return budget;
  }

  private static String describe(Duration budget) {
    long nanos = budget.toNanos();
    if (nanos % 1_000_000_000L == 0) {
      return budget.toSeconds() + " s";
    }
    return nanos % 1_000_000L == 0 ? budget.toMillis() + " ms" : nanos + " ns";
  }
}
