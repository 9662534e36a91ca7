package io.cdpkit.core.spi;

import io.cdpkit.core.identity.Identifier;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Which profile holds each identifier: every identifier belongs to at most one profile. */
public interface IdentityIndex {

  Optional<StoredIdentifier> find(Identifier identifier);

  /**
   * The rows of those identifiers that are held, by identifier (absent ones are left out): a
   * batch's lookups in a few queries. By default one {@link #find} each.
   */
  default Map<Identifier, StoredIdentifier> findAll(Collection<Identifier> identifiers) {
    Map<Identifier, StoredIdentifier> found = new HashMap<>();
    for (Identifier identifier : identifiers) {
      find(identifier).ifPresent(row -> found.put(identifier, row));
    }
    return found;
  }

  /** The profile's identifiers, ordered by type then value. */
  List<StoredIdentifier> ofProfile(String profileId);

  /**
   * {@link #ofProfile} of each profile, by profile id (a profile holding none maps to an empty
   * list). By default one {@code ofProfile} each.
   */
  default Map<String, List<StoredIdentifier>> ofProfiles(Collection<String> profileIds) {
    Map<String, List<StoredIdentifier>> rows = new HashMap<>();
    for (String profileId : profileIds) {
      rows.put(profileId, ofProfile(profileId));
    }
    return rows;
  }

  /** Inserts or replaces the row of {@code row.state().identifier()}. */
  void put(StoredIdentifier row);

  /**
   * {@link #put} of each row, in order (a later row of the same identifier wins). By default one
   * {@code put} each.
   */
  default void putAll(List<StoredIdentifier> rows) {
    for (StoredIdentifier row : rows) {
      put(row);
    }
  }

  void remove(Identifier identifier);

  /** Gives every identifier owned by {@code fromProfileId} to {@code toProfileId}. */
  void reassignOwner(String fromProfileId, String toProfileId);

  /** Gives every identifier first received by {@code originProfileId} to {@code toProfileId}. */
  void reassignOrigin(String originProfileId, String toProfileId);

  /** Removes every identifier the profile owns; returns how many. */
  int deleteOfProfile(String profileId);
}
