package io.cdpkit.core.spi;

import io.cdpkit.core.profile.AttributeValue;

/**
 * What an extension module (segments, workflows) holds about a profile, so that a GDPR export
 * includes it and an erasure removes it. Registered with {@code Cdp.registerDataContributor}.
 */
public interface ProfileDataContributor {

  /** The name of this module's section in the export document, e.g. {@code "segments"}. */
  String section();

  /**
   * This module's data about the profile, as the JSON value of its section (usually an object or
   * a list); build it with {@link AttributeValue#of(Object)} from maps, lists and plain values.
   */
  AttributeValue export(String profileId);

  /**
   * Removes everything this module holds about the profile. Called inside the erasure's write
   * transaction: a module that keeps its data in the same {@link Storage} joins it.
   */
  void erase(String profileId);
}
