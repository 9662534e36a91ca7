package io.cdpkit.core.spi;

import io.cdpkit.core.Cdp;
import java.util.Objects;

/**
 * A {@link Cdp} whose data lives in a {@link Storage}: the route by which CDPKit's own modules
 * (segments, workflows, insights, exporters) read the store and join its transactions. Not part
 * of the application API: writing to the store bypasses validation, identity rules and
 * listeners. The Cdp that {@link Cdp#builder()} builds is storage-backed.
 */
public interface StorageBacked {

  /** The store the Cdp keeps its data in. */
  Storage storage();

  /**
   * The store behind {@code cdp}.
   *
   * @throws IllegalArgumentException when the Cdp is not storage-backed (not built by {@link
   *     Cdp#builder()})
   */
  static Storage storageOf(Cdp cdp) {
    Objects.requireNonNull(cdp, "cdp");
    if (cdp instanceof StorageBacked backed) {
      return backed.storage();
    }
    throw new IllegalArgumentException(
        "this Cdp (" + cdp.getClass().getName() + ") does not expose a Storage; build it with"
            + " Cdp.builder()");
  }
}
