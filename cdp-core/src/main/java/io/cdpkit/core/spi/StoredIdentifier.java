package io.cdpkit.core.spi;

import io.cdpkit.core.identity.ProfileIdentifier;
import java.util.Objects;

/**
 * An identifier's row in the index: its state, the profile that owns it now, and the profile that
 * first received it ({@code originProfileId}), which takes it back on unmerge.
 */
public record StoredIdentifier(
    ProfileIdentifier state, String profileId, String originProfileId) {

  public StoredIdentifier {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(originProfileId, "originProfileId");
  }
}
