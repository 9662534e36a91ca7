package io.cdpkit.core.spi;

import io.cdpkit.core.identity.Identifier;
import java.util.List;
import java.util.Optional;

/** Which profile holds each identifier: every identifier belongs to at most one profile. */
public interface IdentityIndex {

  Optional<StoredIdentifier> find(Identifier identifier);

  /** The profile's identifiers, ordered by type then value. */
  List<StoredIdentifier> ofProfile(String profileId);

  /** Inserts or replaces the row of {@code row.state().identifier()}. */
  void put(StoredIdentifier row);

  void remove(Identifier identifier);

  /** Gives every identifier owned by {@code fromProfileId} to {@code toProfileId}. */
  void reassignOwner(String fromProfileId, String toProfileId);

  /** Gives every identifier first received by {@code originProfileId} to {@code toProfileId}. */
  void reassignOrigin(String originProfileId, String toProfileId);

  /** Removes every identifier the profile owns; returns how many. */
  int deleteOfProfile(String profileId);
}
