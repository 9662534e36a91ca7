package io.cdpkit.core.spi;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * What an extension module (segments, workflows) holds about a profile, so that a GDPR export
 * includes it and an erasure removes it. Registered with {@code Cdp.registerDataContributor}.
 */
public interface ProfileDataContributor {

  /** The name of this module's section in the export document, e.g. {@code "segments"}. */
  String section();

  /** Writes this module's data about the profile as one JSON value (usually an array). */
  void export(String profileId, JsonGenerator json) throws IOException;

  /**
   * Removes everything this module holds about the profile. Called inside the erasure's write
   * transaction: a module that keeps its data in the same {@link Storage} joins it.
   */
  void erase(String profileId);
}
