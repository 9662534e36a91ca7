/** JMH benchmarks of predictions: fitting and scoring against reading the same orders by hand. */
@NullMarked
package io.cdpkit.benchmarks.predictions;

import org.jspecify.annotations.NullMarked;
