/**
 * Insights over a Cdp's profiles and events: counts, event statistics, time series per interval
 * and computed attributes. Start with {@link io.cdpkit.segments.insights.Insights}; queries go
 * through the {@link io.cdpkit.segments.insights.InsightQueries} port ({@link
 * io.cdpkit.segments.insights.InMemoryInsightQueries} computes from the store); {@link
 * io.cdpkit.segments.insights.LiveComputedAttributes} keeps {@code $computed.NAME} values.
 */
@NullMarked
package io.cdpkit.segments.insights;

import org.jspecify.annotations.NullMarked;
