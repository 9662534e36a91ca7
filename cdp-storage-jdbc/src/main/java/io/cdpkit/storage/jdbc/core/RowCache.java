package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One transaction's view of a store's cache of profile and identifier rows: lookups answer from it
 * when they may, fill it after reading, and mark every row they change so that the store drops it
 * when the transaction ends. Every method does nothing (a lookup answers null) unless a cache
 * implements it; a store without a cache uses {@link #none()}. Single-threaded, like its
 * transaction.
 */
public interface RowCache {
  /** The cached profile, or null when the transaction must read it. */
  default @Nullable StoredProfile profile(String id) {
    return null;
  }

  default void putProfile(StoredProfile profile) {}

  /** Marks a profile row changed by this transaction. */
  default void touchProfile(String id) {}

  /** The cached identifier row, or null when the transaction must read it. */
  default @Nullable StoredIdentifier identifier(Identifier identifier) {
    return null;
  }

  default void putIdentifier(StoredIdentifier row) {}

  /** Marks an identifier row changed by this transaction. */
  default void touchIdentifier(Identifier identifier) {}

  /** The cached identifier rows of a profile, or null when the transaction must read them. */
  default @Nullable List<StoredIdentifier> identifiersOf(String profileId) {
    return null;
  }

  default void putIdentifiersOf(String profileId, List<StoredIdentifier> rows) {}

  /** Marks a profile's identifier list changed by this transaction. */
  default void touchOwner(String profileId) {}

  /** No cache: every lookup reads the database (for stores that other instances write). */
  static RowCache none() {
    return new RowCache() {};
  }
}
