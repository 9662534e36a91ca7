package io.cdpkit.core.spi;

import io.cdpkit.core.Page;
import io.cdpkit.core.profile.ProfileQuery;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Profile rows and the aliases that keep merged-away ids resolvable. */
public interface ProfileStore {

  /** The profile with exactly this id (aliases are not followed). */
  Optional<StoredProfile> find(String id);

  /**
   * The profiles with exactly these ids, by id (absent ones and aliases are left out): a batch's
   * lookups in a few queries. By default one {@link #find} each.
   */
  default Map<String, StoredProfile> findAll(Collection<String> ids) {
    Map<String, StoredProfile> found = new HashMap<>();
    for (String id : ids) {
      find(id).ifPresent(profile -> found.put(id, profile));
    }
    return found;
  }

  /**
   * Which of these ids are profiles (aliases are not followed): a batch's ids checked without
   * reading the profiles themselves. By default through {@link #findAll}.
   */
  default Set<String> existing(Collection<String> ids) {
    return Set.copyOf(findAll(ids).keySet());
  }

  /** Inserts a new profile. @throws IllegalStateException when the id exists */
  void insert(StoredProfile profile);

  /**
   * {@link #insert} of each profile, in order: a batch's new people in one round trip where the
   * store allows. By default one {@code insert} each.
   *
   * @throws IllegalStateException when an id exists
   */
  default void insertAll(List<StoredProfile> profiles) {
    profiles.forEach(this::insert);
  }

  /** Replaces an existing profile. @throws IllegalStateException when it does not exist */
  void update(StoredProfile profile);

  /** Deletes the profile row and every alias pointing to it; no-op when absent. */
  void delete(String id);

  /**
   * Makes {@code alias} resolve to {@code target}, and moves every alias that pointed to {@code
   * alias} to {@code target}, so that chains never form.
   */
  void addAlias(String alias, String target);

  /** Stops {@code alias} resolving. */
  void removeAlias(String alias);

  /** The live profile an old (merged-away) id now resolves to. */
  Optional<String> resolveAlias(String alias);

  long count();

  /** A page in the query's order; see {@link ProfileQuery} for attribute ordering. */
  Page<StoredProfile> list(ProfileQuery query);

  /**
   * Profiles whose id, identifier value or top-level text attribute starts with {@code prefix},
   * ignoring case, ordered by id, at most {@code limit}.
   */
  List<StoredProfile> search(String prefix, int limit);

  /** Every profile in id order; the stream must be consumed inside the session. */
  Stream<StoredProfile> stream();
}
