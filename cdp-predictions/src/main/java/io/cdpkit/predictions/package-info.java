/**
 * Predictions on customers: order likelihood, expected orders, time to next order, predicted
 * value, engagement and winback zone, as {@code $computed} attributes for segments and workflows.
 * Start with {@link io.cdpkit.predictions.Predictions}; the models are in {@link
 * io.cdpkit.predictions.model}.
 */
@NullMarked
package io.cdpkit.predictions;

import org.jspecify.annotations.NullMarked;
