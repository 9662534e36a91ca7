package io.cdpkit.predictions;

import java.util.Objects;
import java.util.Set;

/**
 * A fit that replaced the predictions, and the profiles whose predictions it changed (gained,
 * lost or moved). Immutable.
 */
public record Recalculation(PredictionFit fit, Set<String> changedProfiles) {

  public Recalculation {
    Objects.requireNonNull(fit, "fit");
    changedProfiles = Set.copyOf(changedProfiles);
  }
}
