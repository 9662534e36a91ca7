/**
 * The port a store implements to back a whole {@code io.cdpkit.platform.CdpPlatform}: start at
 * {@link io.cdpkit.platform.spi.PlatformStorage}. It lives in its own artifact, {@code
 * cdp-platform-spi}, so that a store depends on the port and not on the platform.
 */
@NullMarked
package io.cdpkit.platform.spi;

import org.jspecify.annotations.NullMarked;
