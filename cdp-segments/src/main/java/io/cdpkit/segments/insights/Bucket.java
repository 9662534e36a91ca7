package io.cdpkit.segments.insights;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One bucket of a time series.
 *
 * @param start the bucket's first instant
 * @param value the aggregate; 0 for an empty bucket
 */
public record Bucket(Instant start, BigDecimal value) {
  public Bucket {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(value, "value");
  }
}
