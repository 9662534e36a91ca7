package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link RowCache#none()}. */
enum NoRowCache implements RowCache {
  INSTANCE;

  @Override
  public @Nullable StoredProfile profile(String id) {
    return null;
  }

  @Override
  public void putProfile(StoredProfile profile) {}

  @Override
  public void touchProfile(String id) {}

  @Override
  public @Nullable StoredIdentifier identifier(Identifier identifier) {
    return null;
  }

  @Override
  public void putIdentifier(StoredIdentifier row) {}

  @Override
  public void touchIdentifier(Identifier identifier) {}

  @Override
  public @Nullable List<StoredIdentifier> identifiersOf(String profileId) {
    return null;
  }

  @Override
  public void putIdentifiersOf(String profileId, List<StoredIdentifier> rows) {}

  @Override
  public void touchOwner(String profileId) {}
}
