/**
 * A dashboard for a CDPKit SQLite file in the browser: profile and reachability counts, a profiles
 * table, one profile's page, segments with an expression editor, and charts defined as data. Start
 * with {@link io.cdpkit.app.dashboard.DashboardServer#main(String[])} ({@code --db FILE --port
 * N}); it listens on the loopback address only. Charts are {@link
 * io.cdpkit.app.dashboard.ChartDefinition}s kept in a {@link
 * io.cdpkit.app.dashboard.ChartStore} and computed by {@link
 * io.cdpkit.app.dashboard.ChartQueries} on the insights API; the page draws them with the
 * Chart.js WebJar served from the classpath.
 */
@NullMarked
package io.cdpkit.app.dashboard;

import org.jspecify.annotations.NullMarked;
