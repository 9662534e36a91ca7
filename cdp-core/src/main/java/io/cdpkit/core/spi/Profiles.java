package io.cdpkit.core.spi;

import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading profiles from the ports: alias resolution and assembly with identifiers. */
public final class Profiles {
  private Profiles() {}

  /** The live profile with this id, following an alias left by a merge. */
  public static Optional<StoredProfile> resolve(StorageSession session, String id) {
    Optional<StoredProfile> direct = session.profiles().find(id);
    if (direct.isPresent()) {
      return direct;
    }
    return session.profiles().resolveAlias(id).flatMap(target -> session.profiles().find(target));
  }

  /** The public profile: the stored row with its identifiers. */
  public static Profile assemble(StorageSession session, StoredProfile stored) {
    List<StoredIdentifier> rows = session.identifiers().ofProfile(stored.id());
    List<ProfileIdentifier> identifiers = new ArrayList<>(rows.size());
    for (StoredIdentifier row : rows) {
      identifiers.add(row.state());
    }
    return new Profile(
        stored.id(),
        stored.attributes(),
        identifiers,
        stored.consents(),
        stored.createdAt(),
        stored.updatedAt(),
        stored.mergedIds());
  }
}
