package io.cdpkit.core.spi;

import io.cdpkit.core.consent.ConsentChange;
import java.util.Objects;

/**
 * A consent decision as stored: the decision, the profile that owns it now, the profile it was
 * recorded for ({@code originProfileId}, which takes it back on unmerge), and a store-assigned
 * sequence.
 */
public record StoredConsentChange(
    ConsentChange change, String ownerProfileId, String originProfileId, long sequence) {

  public StoredConsentChange {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(ownerProfileId, "ownerProfileId");
    Objects.requireNonNull(originProfileId, "originProfileId");
  }
}
