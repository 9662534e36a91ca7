package io.cdpkit.workflows.internal.engine;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** What running one step decided. */
sealed interface StepResult
    permits StepResult.Next, StepResult.WaitUntil, StepResult.Retry, StepResult.Fail,
        StepResult.Cancel {

  /** Go on to the step (null: past the last step) at once. */
  record Next(@Nullable String stepId, String note) implements StepResult {}

  /** Wait in this step until the instant. */
  record WaitUntil(Instant at, String note) implements StepResult {}

  /** Run this step again at the instant, as the given attempt. */
  record Retry(Instant at, int attempt, String note) implements StepResult {}

  /** The enrollment failed. */
  record Fail(String reason) implements StepResult {}

  /** The enrollment is cancelled. */
  record Cancel(String reason) implements StepResult {}
}
