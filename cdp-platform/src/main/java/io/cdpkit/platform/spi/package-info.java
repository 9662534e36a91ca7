/**
 * The port a store implements to back a whole {@link io.cdpkit.platform.CdpPlatform}: start at
 * {@link io.cdpkit.platform.spi.PlatformStorage}.
 */
@NullMarked
package io.cdpkit.platform.spi;

import org.jspecify.annotations.NullMarked;
