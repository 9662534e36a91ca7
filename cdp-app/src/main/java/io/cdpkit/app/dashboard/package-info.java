/**
 * The dashboard: a web app for a CDPKit database in the browser. {@link
 * io.cdpkit.app.dashboard.DashboardServer} checks every request ({@link
 * io.cdpkit.app.dashboard.DashboardAccess}) and hands {@code /api/AREA} to the area's handler:
 * the overview, the customer list with its filters ({@link io.cdpkit.app.dashboard.CustomerFilter})
 * and one customer, the segment builder ({@link io.cdpkit.app.dashboard.SegmentBlocks}) and saved
 * segments, static groups, workflows, insights (profiles over time, event values) and charts.
 * Charts are {@link io.cdpkit.app.dashboard.ChartDefinition}s kept in a {@link
 * io.cdpkit.app.dashboard.ChartStore} and computed by {@link
 * io.cdpkit.app.dashboard.ChartQueries} on the insights API; the page draws them with the
 * Chart.js WebJar served from the classpath. Start with {@link
 * io.cdpkit.app.dashboard.DashboardServer#main(String[])} or {@code cdp dashboard}; it listens on
 * the loopback address unless told otherwise.
 */
@NullMarked
package io.cdpkit.app.dashboard;

import org.jspecify.annotations.NullMarked;
