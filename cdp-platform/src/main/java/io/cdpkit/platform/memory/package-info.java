/**
 * The in-memory {@link io.cdpkit.platform.spi.PlatformStorage}, for tests and trials: start with
 * {@link io.cdpkit.platform.memory.InMemoryPlatformStorage}.
 */
@NullMarked
package io.cdpkit.platform.memory;

import org.jspecify.annotations.NullMarked;
