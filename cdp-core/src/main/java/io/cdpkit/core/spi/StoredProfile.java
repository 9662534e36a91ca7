package io.cdpkit.core.spi;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileSnapshot;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ObjectValue;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** A profile row as stored, without its identifiers (those live in the {@link IdentityIndex}). */
public record StoredProfile(
    String id,
    ObjectValue attributes,
    List<Consent> consents,
    Instant createdAt,
    Instant updatedAt,
    Set<String> mergedIds) {

  public StoredProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(attributes, "attributes");
    consents = List.copyOf(consents);
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    mergedIds = Set.copyOf(mergedIds);
  }

  /** The row as a merge record keeps it, with the profile's main identifiers then. */
  public ProfileSnapshot snapshot(List<Identifier> mainIdentifiers) {
    return new ProfileSnapshot(
        id, attributes, consents, createdAt, updatedAt, mergedIds, mainIdentifiers);
  }

  public StoredProfile withAttributes(ObjectValue newAttributes, Instant at) {
    return new StoredProfile(id, newAttributes, consents, createdAt, at, mergedIds);
  }
}
