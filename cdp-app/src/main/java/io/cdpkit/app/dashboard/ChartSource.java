package io.cdpkit.app.dashboard;

/** What a chart counts. */
public enum ChartSource {
  /** Profiles by the value of a profile attribute (the chart's field), per series segment. */
  PROFILE_ATTRIBUTE,
  /** A time series per series: events (or new profiles) per interval, aggregated. */
  EVENTS_OVER_TIME,
  /** Events of the series' type by the value of an event property (the chart's field). */
  EVENT_PROPERTY;

  /** True when the chart counts by value of its field rather than over time. */
  public boolean countsByValue() {
    return this != EVENTS_OVER_TIME;
  }
}
