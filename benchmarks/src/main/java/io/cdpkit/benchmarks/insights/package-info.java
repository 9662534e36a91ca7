/** Insight benchmarks: JSON Lines import and time series. */
@NullMarked
package io.cdpkit.benchmarks.insights;

import org.jspecify.annotations.NullMarked;
