package io.cdpkit.spring.boot;

import io.cdpkit.platform.CdpPlatform;

/**
 * Adds to the platform's builder what properties cannot say (computed attributes, segment syncs,
 * a message sender, workflow options). Called after the properties are applied, in bean order;
 * a setting the properties already made cannot be made again.
 */
@FunctionalInterface
public interface CdpPlatformBuilderCustomizer {
  /** Adds settings to {@code builder}. */
  void customize(CdpPlatform.Builder builder);
}
