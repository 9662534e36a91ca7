package io.cdpkit.segments.insights;

/** What a time series bucket holds. */
public enum Aggregation {
  /** Matching events in the bucket. */
  COUNT,
  /** Matching events up to the bucket's end, counting from the beginning of time. */
  CUMULATIVE,
  /** The sum of a numeric property over the bucket's events (0 for none). */
  SUM,
  /** The average of a numeric property (0 for no values). */
  AVG,
  /** The smallest value of a numeric property (0 for no values). */
  MIN,
  /** The largest value of a numeric property (0 for no values). */
  MAX,
  /** Profiles created in the bucket (the event type and filter do not apply). */
  PROFILES_CREATED;

  /** True when the aggregation reads a numeric event property. */
  public boolean needsProperty() {
    return this == SUM || this == AVG || this == MIN || this == MAX;
  }
}
