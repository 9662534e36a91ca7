package io.cdpkit.app.dashboard;

import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Interval;
import java.util.List;
import java.util.Map;

/**
 * The charts a dashboard shows, unsaved, while it has none of its own, for the festival demo's
 * data. Their time ranges end at the clock's now and reach back ten years, so the demo's 2018
 * festival shows up whatever today is.
 */
public final class ExampleCharts {
  private ExampleCharts() {}

  /**
   * Visitors by city (pie), bar purchases per year for two age groups (line), drinks sold (bar),
   * and bar takings per year in euros (table).
   */
  public static List<ChartDefinition> festival() {
    return List.of(
        new ChartDefinition("visitors-by-city", "Visitors by city", ChartKind.PIE, ChartSource.PROFILE_ATTRIBUTE,
            "city", Interval.DAY, 30, List.of(ChartSeries.count("Visitors", null, null))),
        new ChartDefinition("bar-purchases", "Bar purchases per year", ChartKind.LINE, ChartSource.EVENTS_OVER_TIME,
            null, Interval.YEAR, 10, List.of(
                new ChartSeries("Under 30", "age < 30", "bar_purchase", Map.of(), Aggregation.COUNT, null, "purchases"),
                new ChartSeries("30 and over", "age >= 30", "bar_purchase", Map.of(), Aggregation.COUNT, null,
                    "purchases"))),
        new ChartDefinition("drinks", "Drinks sold", ChartKind.BAR, ChartSource.EVENT_PROPERTY, "drink",
            Interval.DAY, 30, List.of(
                ChartSeries.count("All visitors", null, "bar_purchase"),
                ChartSeries.count("Under 30", "age < 30", "bar_purchase"))),
        new ChartDefinition("takings", "Bar takings per year", ChartKind.TABLE, ChartSource.EVENTS_OVER_TIME, null,
            Interval.YEAR, 10, List.of(
                new ChartSeries("Takings", null, "bar_purchase", Map.of(), Aggregation.SUM, "amount", "EUR"),
                new ChartSeries("Average", null, "bar_purchase", Map.of(), Aggregation.AVG, "amount", "EUR"))));
  }
}
