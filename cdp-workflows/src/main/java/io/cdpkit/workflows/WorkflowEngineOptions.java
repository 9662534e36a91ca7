package io.cdpkit.workflows;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link WorkflowEngine}. Immutable.
 *
 * @param batchSize how many audience members a broadcast reads and enrolls at a time, and how
 *     many due enrollments {@code runDue} loads at a time; 1 to 100,000
 * @param previewHorizon how far a preview simulates before it stops; positive
 */
public record WorkflowEngineOptions(int batchSize, Duration previewHorizon) {
  private static final WorkflowEngineOptions DEFAULTS =
      new WorkflowEngineOptions(1_000, Duration.ofDays(366));

  /**
   * @throws IllegalArgumentException naming the field and the value
   */
  public WorkflowEngineOptions {
    if (batchSize < 1 || batchSize > 100_000) {
      throw new IllegalArgumentException("batchSize must be 1 to 100000, was " + batchSize);
    }
    Objects.requireNonNull(previewHorizon, "previewHorizon");
    if (previewHorizon.isNegative() || previewHorizon.isZero()) {
      throw new IllegalArgumentException("previewHorizon must be positive, was " + previewHorizon);
    }
  }

  /** Batches of 1,000; previews up to 366 days. */
  public static WorkflowEngineOptions defaults() {
    return DEFAULTS;
  }

  public WorkflowEngineOptions withBatchSize(int value) {
    return new WorkflowEngineOptions(value, previewHorizon);
  }

  public WorkflowEngineOptions withPreviewHorizon(Duration value) {
    return new WorkflowEngineOptions(batchSize, value);
  }
}
