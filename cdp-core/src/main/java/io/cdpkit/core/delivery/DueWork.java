package io.cdpkit.core.delivery;

import java.time.Instant;

/**
 * Work that falls due with time and is driven by calling {@link #runDue}: a workflow engine's
 * timers and signals, a segment sync's batches. Tests call it with a test clock's instant;
 * production code calls it from a scheduler.
 *
 * @param <R> what one run reports
 */
@FunctionalInterface
public interface DueWork<R> {
  /** Does everything due at or before {@code now}; returns what was done. */
  R runDue(Instant now);
}
