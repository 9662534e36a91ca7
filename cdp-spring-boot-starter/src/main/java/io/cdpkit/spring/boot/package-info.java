/**
 * Spring Boot auto-configuration of {@link io.cdpkit.platform.CdpPlatform}: start with
 * {@link io.cdpkit.spring.boot.CdpProperties} (the {@code cdp.*} properties) and
 * {@link io.cdpkit.spring.boot.CdpAutoConfiguration}.
 */
@NullMarked
package io.cdpkit.spring.boot;

import org.jspecify.annotations.NullMarked;
