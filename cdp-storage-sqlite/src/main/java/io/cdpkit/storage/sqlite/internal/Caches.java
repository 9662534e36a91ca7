package io.cdpkit.storage.sqlite.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/*
 * Design: the caches shared by every connection, and why a reader may trust them.
 *
 * Three Caffeine caches hold committed rows: profiles by id, identifier rows by identifier, and
 * each profile's identifier list. Every entry carries the commit number at which it was read.
 * Two counters order commits: `started` is incremented just before a write transaction's COMMIT,
 * and `done` is set to `started` after the COMMIT returned and every key that transaction touched
 * was removed from the caches.
 *
 * A session knows its snapshot exactly when `done` read before its snapshot began equals
 * `started` read after: then the snapshot holds commits 1..s and nothing after. The writer's
 * sessions always know theirs (they hold the writer lock). A reader that raced a commit does not
 * use the caches at all for that session.
 *
 * An exact session at snapshot s may use an entry read at commit v <= s: a commit in (v, s] that
 * changed the key removed it before `done` passed it, and no older value can come back because a
 * put only happens while `started` still equals the putter's snapshot (checked inside the
 * per-key compute that also serialises against the writer's removal). A write session never
 * reads nor fills the caches for keys it has changed itself (its "dirty" keys); after commit or
 * rollback those keys are removed, so no uncommitted or rolled-back value is ever cached.
 */
/** The shared caches and commit counters; see the design note at the top of this file. */
final class Caches {
  private final AtomicLong started = new AtomicLong();
  private final AtomicLong done = new AtomicLong();
  private final @Nullable Cache<String, Entry<StoredProfile>> profiles;
  private final @Nullable Cache<Identifier, Entry<StoredIdentifier>> identifiers;
  private final @Nullable Cache<String, Entry<List<StoredIdentifier>>> identifiersOfProfile;

  Caches(long profileCacheSize, long identifierCacheSize) {
    this.profiles = profileCacheSize == 0 ? null : build(profileCacheSize);
    this.identifiers = identifierCacheSize == 0 ? null : build(identifierCacheSize);
    this.identifiersOfProfile =
        identifierCacheSize == 0 ? null : build(Math.max(1, identifierCacheSize / 4));
  }

  private static <K, V> Cache<K, Entry<V>> build(long size) {
    return Caffeine.newBuilder().maximumSize(size).build();
  }

  /** A committed value and the commit number it was read at. */
  record Entry<V>(V value, long version) {}

  /** The commit number every finished commit has reached; read before a snapshot starts. */
  long doneCommits() {
    return done.get();
  }

  /** The commit number started commits have reached; read after a snapshot started. */
  long startedCommits() {
    return started.get();
  }

  /** Called by the writer just before COMMIT. */
  void commitStarting() {
    started.incrementAndGet();
  }

  /**
   * Called by the writer after COMMIT or ROLLBACK (successful or not): removes every key the
   * transaction touched, then lets readers see the commit number.
   */
  void transactionEnded(Dirty dirty) {
    removeAll(profiles, dirty.profiles);
    removeAll(identifiers, dirty.identifiers);
    removeAll(identifiersOfProfile, dirty.owners);
    done.set(started.get());
  }

  private static <K> void removeAll(@Nullable Cache<K, ?> cache, Collection<K> keys) {
    if (cache != null) {
      for (K key : keys) {
        cache.asMap().remove(key);
      }
    }
  }

  /** Drops everything: on close, and after a failed rollback that may have left anything. */
  void clear() {
    for (Cache<?, ?> cache : new Cache<?, ?>[] {profiles, identifiers, identifiersOfProfile}) {
      if (cache != null) {
        cache.invalidateAll();
      }
    }
  }

  /** How many entries the three caches hold. */
  long size() {
    long size = 0;
    for (Cache<?, ?> cache : new Cache<?, ?>[] {profiles, identifiers, identifiersOfProfile}) {
      if (cache != null) {
        cache.cleanUp();
        size += cache.estimatedSize();
      }
    }
    return size;
  }

  /** A session's use of the caches: which snapshot it reads at, and whether exactly. */
  SessionView view(boolean exact, long snapshot, @Nullable Dirty dirty) {
    return new SessionView(exact, snapshot, dirty);
  }

  /** The keys a write transaction changed. */
  static final class Dirty {
    final Set<String> profiles = new HashSet<>();
    final Set<Identifier> identifiers = new HashSet<>();
    final Set<String> owners = new HashSet<>();
  }

  /** One session's access to the caches. Single-threaded, like its session. */
  final class SessionView {
    private final boolean exact;
    private final long snapshot;
    private final @Nullable Dirty dirty;

    private SessionView(boolean exact, long snapshot, @Nullable Dirty dirty) {
      this.exact = exact;
      this.snapshot = snapshot;
      this.dirty = dirty;
    }

    @Nullable StoredProfile profile(String id) {
      return get(profiles, dirty == null ? null : dirty.profiles, id);
    }

    void putProfile(StoredProfile profile) {
      put(profiles, dirty == null ? null : dirty.profiles, profile.id(), profile);
    }

    @Nullable StoredIdentifier identifier(Identifier identifier) {
      return get(identifiers, dirty == null ? null : dirty.identifiers, identifier);
    }

    void putIdentifier(StoredIdentifier row) {
      put(identifiers, dirty == null ? null : dirty.identifiers, row.state().identifier(), row);
    }

    @Nullable List<StoredIdentifier> identifiersOf(String profileId) {
      return get(identifiersOfProfile, dirty == null ? null : dirty.owners, profileId);
    }

    void putIdentifiersOf(String profileId, List<StoredIdentifier> rows) {
      put(identifiersOfProfile, dirty == null ? null : dirty.owners, profileId, List.copyOf(rows));
    }

    /** Marks a profile row changed by this transaction. */
    void touchProfile(String id) {
      requireDirty().profiles.add(id);
    }

    /** Marks an identifier row changed. */
    void touchIdentifier(Identifier identifier) {
      requireDirty().identifiers.add(identifier);
    }

    /** Marks a profile's identifier list changed. */
    void touchOwner(String profileId) {
      requireDirty().owners.add(profileId);
    }

    private Dirty requireDirty() {
      if (dirty == null) {
        throw new IllegalStateException("a read session cannot change data");
      }
      return dirty;
    }

    private <K, V> @Nullable V get(
        @Nullable Cache<K, Entry<V>> cache, @Nullable Set<K> changed, K key) {
      if (cache == null || !exact || (changed != null && changed.contains(key))) {
        return null;
      }
      Entry<V> entry = cache.getIfPresent(key);
      return entry != null && entry.version() <= snapshot ? entry.value() : null;
    }

    private <K, V> void put(
        @Nullable Cache<K, Entry<V>> cache, @Nullable Set<K> changed, K key, V value) {
      if (cache == null || !exact || (changed != null && changed.contains(key))) {
        return;
      }
      Entry<V> fresh = new Entry<>(value, snapshot);
      cache.asMap().compute(key, (k, old) -> started.get() == snapshot ? fresh : old);
    }
  }
}
