package io.cdpkit.core.storage.memory;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.IdentityIndex;
import io.cdpkit.core.spi.StoredIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

final class MemoryIdentifiers implements IdentityIndex {
  private final MemoryTransaction tx;
  private final MemoryData data;

  MemoryIdentifiers(MemoryTransaction tx) {
    this.tx = tx;
    this.data = tx.data;
  }

  @Override
  public Optional<StoredIdentifier> find(Identifier identifier) {
    return Optional.ofNullable(data.identifiers.get(identifier));
  }

  @Override
  public List<StoredIdentifier> ofProfile(String profileId) {
    Set<Identifier> keys = data.identifiersByProfile.getOrDefault(profileId, new TreeSet<>());
    List<StoredIdentifier> rows = new ArrayList<>(keys.size());
    for (Identifier key : keys) {
      rows.add(data.identifiers.get(key));
    }
    return rows;
  }

  @Override
  public void put(StoredIdentifier row) {
    tx.checkWritable();
    StoredIdentifier previous = data.identifiers.get(row.state().identifier());
    forget(previous);
    remember(row);
    tx.onUndo(
        () -> {
          forget(row);
          if (previous != null) {
            remember(previous);
          }
        });
  }

  @Override
  public void remove(Identifier identifier) {
    tx.checkWritable();
    StoredIdentifier previous = data.identifiers.get(identifier);
    if (previous != null) {
      forget(previous);
      tx.onUndo(() -> remember(previous));
    }
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    move(ofProfile(fromProfileId), toProfileId);
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    List<StoredIdentifier> rows = new ArrayList<>();
    for (StoredIdentifier row : data.identifiers.values()) {
      if (row.originProfileId().equals(originProfileId)) {
        rows.add(row);
      }
    }
    move(rows, toProfileId);
  }

  private void move(List<StoredIdentifier> rows, String toProfileId) {
    for (StoredIdentifier row : rows) {
      put(new StoredIdentifier(row.state(), toProfileId, row.originProfileId()));
    }
  }

  @Override
  public int deleteOfProfile(String profileId) {
    List<StoredIdentifier> rows = ofProfile(profileId);
    for (StoredIdentifier row : rows) {
      remove(row.state().identifier());
    }
    return rows.size();
  }

  private void forget(@Nullable StoredIdentifier row) {
    if (row == null) {
      return;
    }
    Identifier key = row.state().identifier();
    data.identifiers.remove(key);
    TreeSet<Identifier> owned = data.identifiersByProfile.get(row.profileId());
    if (owned != null) {
      owned.remove(key);
      if (owned.isEmpty()) {
        data.identifiersByProfile.remove(row.profileId());
      }
    }
  }

  private void remember(StoredIdentifier row) {
    Identifier key = row.state().identifier();
    data.identifiers.put(key, row);
    data.identifiersByProfile
        .computeIfAbsent(row.profileId(), k -> MemoryData.newIdentifierSet())
        .add(key);
  }
}
