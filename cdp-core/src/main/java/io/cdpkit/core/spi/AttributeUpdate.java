package io.cdpkit.core.spi;

import io.cdpkit.core.profile.AttributeChange;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One identify call's attribute changes as history: which profile owns them now, which profile
 * they were made to ({@code originProfileId}), when, from which source. Replaying a profile's
 * updates in {@code (at, originProfileId, sequence)} order rebuilds its attributes, which is how
 * merges pick survivors per attribute and how unmerge gives a profile its own values back.
 *
 * @param sequence assigned by the store on append, increasing; ties at one instant keep call order
 */
public record AttributeUpdate(
    String ownerProfileId,
    String originProfileId,
    Instant at,
    long sequence,
    String source,
    List<AttributeChange> changes) {

  public AttributeUpdate {
    Objects.requireNonNull(ownerProfileId, "ownerProfileId");
    Objects.requireNonNull(originProfileId, "originProfileId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(source, "source");
    changes = List.copyOf(changes);
  }
}
