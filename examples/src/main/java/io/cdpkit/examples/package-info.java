/** Runnable examples: {@link io.cdpkit.examples.FestivalDemo} tells the festival story. */
@NullMarked
package io.cdpkit.examples;

import org.jspecify.annotations.NullMarked;
