package io.cdpkit.storage.sqlite.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.storage.jdbc.core.RowCache;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/*
 * Design: the caches shared by every connection, and why a reader may trust them, even when other
 * processes write the same file.
 *
 * Three Caffeine caches hold committed rows: profiles by id, identifier rows by identifier, and
 * each profile's identifier list. Commits are numbered by the file itself: every transaction that
 * changes a cached row increments the one row of table cache_version before its COMMIT, in any
 * process, so the number a snapshot reads there says exactly which commits it holds. Every entry
 * carries the number it was read at and the epoch it was put in.
 *
 * Two counters follow this process's commits: `started` is incremented just before a write
 * transaction's COMMIT, and `done` is set to `started` after the COMMIT returned and every key that
 * transaction touched was removed from the caches. A session at snapshot s may use the caches when
 * `done` equals s: every commit up to s was either this process's own (its keys removed) or seen
 * by a reset (below). It may then use an entry of the current epoch read at v <= s, and put one
 * only while `started` still equals s (checked inside the per-key compute that also serialises
 * against the writer's removal), so no older value comes back after a commit removed it.
 *
 * A commit number this process did not make (another process's commit, or a COMMIT that failed
 * after its increment) resets the caches: a new epoch, which disowns every entry at once, then a
 * clear, then `started` and `done` set to the file's number. The writer checks the number at the
 * start of each transaction (under the file's write lock it is authoritative); a reader that sees
 * a number above `started` resets too. A write session never reads nor fills the caches for keys
 * it has changed itself (its "dirty" keys); after commit or rollback those keys are removed, so no
 * uncommitted or rolled-back value is ever cached.
 */
/** The shared caches and commit counters; see the design note at the top of this file. */
final class Caches {
  private final AtomicLong started;
  private final AtomicLong done;
  private volatile long epoch;
  private final @Nullable Cache<String, Entry<StoredProfile>> profiles;
  private final @Nullable Cache<Identifier, Entry<StoredIdentifier>> identifiers;
  private final @Nullable Cache<String, Entry<List<StoredIdentifier>>> identifiersOfProfile;

  Caches(long profileCacheSize, long identifierCacheSize, long fileVersion) {
    this.started = new AtomicLong(fileVersion);
    this.done = new AtomicLong(fileVersion);
    this.profiles = profileCacheSize == 0 ? null : build(profileCacheSize);
    this.identifiers = identifierCacheSize == 0 ? null : build(identifierCacheSize);
    this.identifiersOfProfile =
        identifierCacheSize == 0 ? null : build(Math.max(1, identifierCacheSize / 4));
  }

  private static <K, V> Cache<K, Entry<V>> build(long size) {
    return Caffeine.newBuilder().maximumSize(size).build();
  }

  /** A committed value, the commit number it was read at and the epoch it was put in. */
  record Entry<V>(V value, long version, long epoch) {}

  /**
   * The view of a write transaction that read {@code fileVersion} after taking the file's write
   * lock; resets the caches when the file moved without this process.
   */
  synchronized SessionView writing(long fileVersion, Dirty dirty) {
    if (fileVersion != done.get()) {
      reset(fileVersion);
    }
    return new SessionView(true, fileVersion, epoch, dirty);
  }

  /** The view of a read transaction whose snapshot holds commits up to {@code fileVersion}. */
  synchronized SessionView reading(long fileVersion) {
    if (fileVersion > started.get()) {
      reset(fileVersion);
    }
    return new SessionView(done.get() == fileVersion, fileVersion, epoch, null);
  }

  private void reset(long fileVersion) {
    epoch++;
    clear();
    started.set(fileVersion);
    done.set(fileVersion);
  }

  /** Called by the writer just before COMMIT of a transaction with dirty keys; the new number. */
  long commitStarting() {
    return started.incrementAndGet();
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
    caches().forEach(Cache::invalidateAll);
  }

  /** How many entries the three caches hold. */
  long size() {
    return caches().peek(Cache::cleanUp).mapToLong(Cache::estimatedSize).sum();
  }

  private Stream<Cache<?, ?>> caches() {
    return Stream.<@Nullable Cache<?, ?>>of(profiles, identifiers, identifiersOfProfile)
        .filter(Objects::nonNull);
  }

  /** The keys a write transaction changed. */
  static final class Dirty {
    final Set<String> profiles = new HashSet<>();
    final Set<Identifier> identifiers = new HashSet<>();
    final Set<String> owners = new HashSet<>();

    boolean any() {
      return !profiles.isEmpty() || !identifiers.isEmpty() || !owners.isEmpty();
    }
  }

  /** One session's access to the caches. Single-threaded, like its session. */
  final class SessionView implements RowCache {
    private final boolean exact;
    private final long snapshot;
    private final long epoch;
    private final @Nullable Dirty dirty;

    private SessionView(boolean exact, long snapshot, long epoch, @Nullable Dirty dirty) {
      this.exact = exact;
      this.snapshot = snapshot;
      this.epoch = epoch;
      this.dirty = dirty;
    }

    @Override
    public @Nullable StoredProfile profile(String id) {
      return get(profiles, dirty == null ? null : dirty.profiles, id);
    }

    @Override
    public void putProfile(StoredProfile profile) {
      put(profiles, dirty == null ? null : dirty.profiles, profile.id(), profile);
    }

    @Override
    public @Nullable StoredIdentifier identifier(Identifier identifier) {
      return get(identifiers, dirty == null ? null : dirty.identifiers, identifier);
    }

    @Override
    public void putIdentifier(StoredIdentifier row) {
      put(identifiers, dirty == null ? null : dirty.identifiers, row.state().identifier(), row);
    }

    @Override
    public @Nullable List<StoredIdentifier> identifiersOf(String profileId) {
      return get(identifiersOfProfile, dirty == null ? null : dirty.owners, profileId);
    }

    @Override
    public void putIdentifiersOf(String profileId, List<StoredIdentifier> rows) {
      put(identifiersOfProfile, dirty == null ? null : dirty.owners, profileId, List.copyOf(rows));
    }

    @Override
    public void touchProfile(String id) {
      requireDirty().profiles.add(id);
    }

    @Override
    public void touchIdentifier(Identifier identifier) {
      requireDirty().identifiers.add(identifier);
    }

    @Override
    public void touchOwner(String profileId) {
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
      return entry != null && entry.epoch() == epoch && entry.version() <= snapshot
          ? entry.value()
          : null;
    }

    private <K, V> void put(
        @Nullable Cache<K, Entry<V>> cache, @Nullable Set<K> changed, K key, V value) {
      if (cache == null || !exact || (changed != null && changed.contains(key))) {
        return;
      }
      Entry<V> fresh = new Entry<>(value, snapshot, epoch);
      cache
          .asMap()
          .compute(
              key, (k, old) -> started.get() == snapshot && Caches.this.epoch == epoch ? fresh : old);
    }
  }
}
