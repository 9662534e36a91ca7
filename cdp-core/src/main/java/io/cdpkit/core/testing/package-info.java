/** Helpers for testing code that embeds CDPKit: {@link io.cdpkit.core.testing.TestClock}. */
@NullMarked
package io.cdpkit.core.testing;

import org.jspecify.annotations.NullMarked;
