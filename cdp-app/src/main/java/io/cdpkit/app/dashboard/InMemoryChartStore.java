package io.cdpkit.app.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A {@link ChartStore} in a map, for tests and throw-away dashboards. Thread-safe. */
public final class InMemoryChartStore implements ChartStore {
  private final Map<String, ChartDefinition> charts = new LinkedHashMap<>();

  @Override
  public synchronized List<ChartDefinition> list() {
    return List.copyOf(new ArrayList<>(charts.values()));
  }

  @Override
  public synchronized Optional<ChartDefinition> find(String id) {
    return Optional.ofNullable(charts.get(Objects.requireNonNull(id, "id")));
  }

  @Override
  public synchronized void save(ChartDefinition chart) {
    if (chart.id().isEmpty()) {
      throw new IllegalArgumentException("a stored chart needs an id");
    }
    charts.put(chart.id(), chart);
  }

  @Override
  public synchronized boolean delete(String id) {
    return charts.remove(Objects.requireNonNull(id, "id")) != null;
  }

  @Override
  public void close() {}
}
