package io.cdpkit.app.dashboard;

/** How a chart is drawn. */
public enum ChartKind {
  PIE,
  LINE,
  BAR,
  /** The numbers as a table. */
  TABLE
}
