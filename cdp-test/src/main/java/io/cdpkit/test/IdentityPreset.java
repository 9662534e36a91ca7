package io.cdpkit.test;

import io.cdpkit.core.identity.IdentityRules;

/** Identity rules a {@link CdpTest} can start from. */
public enum IdentityPreset {
  /** {@link IdentityRules#defaults()}. */
  DEFAULT,
  /** {@link IdentityRules#noAutomaticMerge()}. */
  NO_AUTOMATIC_MERGE;

  IdentityRules rules() {
    return this == DEFAULT ? IdentityRules.defaults() : IdentityRules.noAutomaticMerge();
  }
}
