package io.cdpkit.segments.insights;

import java.util.List;
import java.util.Objects;

/** A named time series: one bucket per interval of the range, oldest first, none missing. */
public record Series(String name, List<Bucket> buckets) {
  public Series {
    Objects.requireNonNull(name, "name");
    buckets = List.copyOf(buckets);
  }
}
