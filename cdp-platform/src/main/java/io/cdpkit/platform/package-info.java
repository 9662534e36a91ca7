/**
 * The composition root: start at {@link io.cdpkit.platform.CdpPlatform}, which builds every
 * module over one {@link io.cdpkit.platform.spi.PlatformStorage} and runs their due work.
 */
@NullMarked
package io.cdpkit.platform;

import org.jspecify.annotations.NullMarked;
