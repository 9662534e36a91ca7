package io.cdpkit.storage.jdbc.core;

import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One transaction's view of a store's cache of profile and identifier rows: lookups answer from it
 * when they may, fill it after reading, and mark every row they change so that the store drops it
 * when the transaction ends. A store without a cache uses {@link #none()}. Single-threaded, like
 * its transaction.
 */
public interface RowCache {
  /** The cached profile, or null when the transaction must read it. */
  @Nullable StoredProfile profile(String id);

  void putProfile(StoredProfile profile);

  /** Marks a profile row changed by this transaction. */
  void touchProfile(String id);

  /** The cached identifier row, or null when the transaction must read it. */
  @Nullable StoredIdentifier identifier(Identifier identifier);

  void putIdentifier(StoredIdentifier row);

  /** Marks an identifier row changed by this transaction. */
  void touchIdentifier(Identifier identifier);

  /** The cached identifier rows of a profile, or null when the transaction must read them. */
  @Nullable List<StoredIdentifier> identifiersOf(String profileId);

  void putIdentifiersOf(String profileId, List<StoredIdentifier> rows);

  /** Marks a profile's identifier list changed by this transaction. */
  void touchOwner(String profileId);

  /** No cache: every lookup reads the database (for stores that other instances write). */
  static RowCache none() {
    return NoRowCache.INSTANCE;
  }
}
