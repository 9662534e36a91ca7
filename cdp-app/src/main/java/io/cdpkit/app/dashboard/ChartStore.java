package io.cdpkit.app.dashboard;

import java.util.List;
import java.util.Optional;

/**
 * Where the dashboard keeps its chart definitions, in the order they were first saved.
 * Implementations are thread-safe: {@link InMemoryChartStore} and {@link SqliteChartStore}.
 */
public interface ChartStore extends AutoCloseable {

  /** Every chart, oldest first. */
  List<ChartDefinition> list();

  /** The chart with this id; empty when there is none. */
  Optional<ChartDefinition> find(String id);

  /** Inserts the chart, or replaces the one with its id keeping its place in the order. */
  void save(ChartDefinition chart);

  /** Deletes the chart; false when there was none. */
  boolean delete(String id);

  @Override
  void close();
}
