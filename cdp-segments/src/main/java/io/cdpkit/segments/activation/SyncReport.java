package io.cdpkit.segments.activation;

/**
 * What one {@link SegmentSync#runDue} did, over all destinations.
 *
 * @param batches batches acknowledged
 * @param added members sent as added
 * @param removed members sent as removed
 * @param failures attempts that failed (retryable or not)
 */
public record SyncReport(int batches, int added, int removed, int failures) {
  public static final SyncReport EMPTY = new SyncReport(0, 0, 0, 0);

  SyncReport plus(SyncReport other) {
    return new SyncReport(batches + other.batches, added + other.added, removed + other.removed,
        failures + other.failures);
  }
}
