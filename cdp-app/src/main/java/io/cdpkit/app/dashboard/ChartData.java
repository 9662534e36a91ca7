package io.cdpkit.app.dashboard;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * A computed chart: one label per point (a value, or a bucket's start) and one dataset per series,
 * each with a value per label. Immutable.
 */
public record ChartData(List<String> labels, List<Dataset> datasets) {
  public ChartData {
    labels = List.copyOf(labels);
    datasets = List.copyOf(datasets);
    for (Dataset dataset : datasets) {
      if (dataset.values().size() != labels.size()) {
        throw new IllegalArgumentException("series " + dataset.name() + " has " + dataset.values().size()
            + " values for " + labels.size() + " labels");
      }
    }
  }

  /** One series' values, in label order. */
  public record Dataset(String name, String yLabel, List<BigDecimal> values) {
    public Dataset {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(yLabel, "yLabel");
      values = List.copyOf(values);
    }
  }
}
