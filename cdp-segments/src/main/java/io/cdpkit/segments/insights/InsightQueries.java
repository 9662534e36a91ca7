package io.cdpkit.segments.insights;

import org.jspecify.annotations.Nullable;

/**
 * The port insights are computed through. Each method is one aggregate query, expressible as one
 * SQL statement over the profile and event tables (a series as a {@code GROUP BY} bucket with a
 * segment compiled to a {@code WHERE} clause), so a store can answer it without a scan in Java.
 * {@link MemoryInsightQueries} computes the answers from any store. Implementations are
 * thread-safe. The contract kit is {@code InsightQueriesContract} in the segments test-jar.
 */
public interface InsightQueries {

  /**
   * Statistics of one event type.
   *
   * @param property the property whose top values to count, or null for none
   * @param top how many top values, at least 1
   */
  EventInsights eventInsights(String type, @Nullable String property, int top);

  /** One series; every bucket of the range present, empty ones as 0. */
  Series series(SeriesQuery query);
}
