/** The port where fits are kept: {@link io.cdpkit.predictions.spi.FitStore}. */
@NullMarked
package io.cdpkit.predictions.spi;

import org.jspecify.annotations.NullMarked;
