package io.cdpkit.core.internal;

import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.spi.AttributeHistory;
import io.cdpkit.core.spi.AuditLog;
import io.cdpkit.core.spi.CodePoints;
import io.cdpkit.core.spi.ConsentHistory;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.core.spi.IdentityIndex;
import io.cdpkit.core.spi.IdentityLog;
import io.cdpkit.core.spi.ProfileStore;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.core.spi.SuppressionList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/*
 * Design. A batch of identify and track requests runs request by request through the same code as
 * a single call (so identity rules, merges and idempotency cannot drift), but against this session
 * instead of the store's. It reads what the whole batch will look up in a few queries first (the
 * identifiers, the profiles owning them or named by id, the owners' identifier lists, which event
 * ids are stored, which identifiers are suppressed), answers the per-request lookups from that, and
 * keeps profile inserts (a batch's new people), event inserts and identifier updates (a person's
 * last-seen moves with every event) until flush(), which writes each kind as one batch: a request
 * costs no round trip of its own.
 *
 * Invariant: every cached answer is what the store would answer once the pending writes were
 * written. Profile updates go through at once (to the pending row of a new profile) and are cached
 * as written. An operation whose effect the caches do not model (a merge moving rows in bulk, a
 * delete, an alias) first writes what is pending and forgets every cache, so it and everything
 * after it see the store itself; a query over many rows first writes what is pending.
 */

/** A write session that answers a batch's lookups from a few queries and batches its writes. */
final class BatchSession implements StorageSession {
  private static final Comparator<StoredIdentifier> BY_TYPE_THEN_VALUE =
      Comparator.comparing((StoredIdentifier row) -> row.state().type(), CodePoints::compare)
          .thenComparing(row -> row.state().identifier().value(), CodePoints::compare);

  private final StorageSession store;
  private final Identifiers identifiers = new Identifiers();
  private final Profiles profiles = new Profiles();
  private final Events events = new Events();
  private final Suppressions suppressions = new Suppressions();

  private final Map<Identifier, Optional<StoredIdentifier>> identifierRows = new HashMap<>();
  private final Map<String, List<StoredIdentifier>> identifiersOf = new HashMap<>();
  private final Map<Identifier, StoredIdentifier> pendingIdentifiers = new LinkedHashMap<>();
  private final Map<String, Optional<StoredProfile>> profileRows = new HashMap<>();
  private final Map<String, StoredProfile> pendingProfiles = new LinkedHashMap<>();
  private final Set<String> absentEventIds = new HashSet<>();
  private final Map<String, EventStore.NewEvent> pendingEvents = new LinkedHashMap<>();
  private final Map<String, Boolean> suppressed = new HashMap<>();

  private BatchSession(StorageSession store) {
    this.store = store;
  }

  /**
   * A session over {@code store} that has read, in a few queries, the rows of {@code
   * identifierKeys}, the profiles owning them and those named by {@code profileIds} with their
   * identifiers, which of {@code eventIds} are stored, and which of {@code suppressionHashes} are
   * suppressed.
   */
  static BatchSession prefetch(
      StorageSession store,
      Collection<Identifier> identifierKeys,
      Collection<String> profileIds,
      Collection<String> eventIds,
      Collection<String> suppressionHashes) {
    BatchSession batch = new BatchSession(store);
    Map<Identifier, StoredIdentifier> found = store.identifiers().findAll(identifierKeys);
    Set<String> owners = new HashSet<>(profileIds);
    for (Identifier key : identifierKeys) {
      StoredIdentifier row = found.get(key);
      batch.identifierRows.put(key, Optional.ofNullable(row));
      if (row != null) {
        owners.add(row.profileId());
      }
    }
    Map<String, StoredProfile> live = store.profiles().findAll(owners);
    for (StoredProfile profile : live.values()) {
      batch.profileRows.put(profile.id(), Optional.of(profile));
    }
    batch.identifiersOf.putAll(store.identifiers().ofProfiles(live.keySet()));
    Set<String> stored = store.events().existing(eventIds);
    for (String id : eventIds) {
      if (!stored.contains(id)) {
        batch.absentEventIds.add(id);
      }
    }
    Set<String> listed = store.suppressionList().containedOf(suppressionHashes);
    for (String hash : suppressionHashes) {
      batch.suppressed.put(hash, listed.contains(hash));
    }
    return batch;
  }

  /** Writes the pending profiles, identifier updates and events, each kind as one batch. */
  void flush() {
    if (!pendingProfiles.isEmpty()) {
      store.profiles().insertAll(List.copyOf(pendingProfiles.values()));
      pendingProfiles.clear();
    }
    if (!pendingIdentifiers.isEmpty()) {
      store.identifiers().putAll(List.copyOf(pendingIdentifiers.values()));
      pendingIdentifiers.clear();
    }
    if (!pendingEvents.isEmpty()) {
      store.events().insertAll(List.copyOf(pendingEvents.values()));
      pendingEvents.clear();
    }
  }

  /** Before a write the caches do not model: writes what is pending, then forgets every cache. */
  private void forget() {
    flush();
    identifierRows.clear();
    identifiersOf.clear();
    profileRows.clear();
    absentEventIds.clear();
  }

  @Override
  public ProfileStore profiles() {
    return profiles;
  }

  @Override
  public EventStore events() {
    return events;
  }

  @Override
  public IdentityIndex identifiers() {
    return identifiers;
  }

  @Override
  public AttributeHistory attributeHistory() {
    return store.attributeHistory();
  }

  @Override
  public IdentityLog identityLog() {
    return store.identityLog();
  }

  @Override
  public ConsentHistory consentHistory() {
    return store.consentHistory();
  }

  @Override
  public AuditLog auditLog() {
    return store.auditLog();
  }

  @Override
  public SuppressionList suppressionList() {
    return suppressions;
  }

  private final class Identifiers implements IdentityIndex {
    @Override
    public Optional<StoredIdentifier> find(Identifier identifier) {
      Optional<StoredIdentifier> cached = identifierRows.get(identifier);
      if (cached == null) {
        cached = store.identifiers().find(identifier);
        identifierRows.put(identifier, cached);
      }
      return cached;
    }

    @Override
    public List<StoredIdentifier> ofProfile(String profileId) {
      List<StoredIdentifier> cached = identifiersOf.get(profileId);
      if (cached == null) {
        flush();
        cached = List.copyOf(store.identifiers().ofProfile(profileId));
        identifiersOf.put(profileId, cached);
      }
      return cached;
    }

    @Override
    public void put(StoredIdentifier row) {
      Identifier key = row.state().identifier();
      Optional<StoredIdentifier> previous = find(key);
      if (previous.isPresent() && !previous.get().profileId().equals(row.profileId())) {
        List<StoredIdentifier> before = identifiersOf.get(previous.get().profileId());
        if (before != null) {
          identifiersOf.put(previous.get().profileId(),
              before.stream().filter(r -> !r.state().identifier().equals(key)).toList());
        }
      }
      List<StoredIdentifier> owner = identifiersOf.get(row.profileId());
      if (owner != null) {
        List<StoredIdentifier> changed = new ArrayList<>(owner.size() + 1);
        for (StoredIdentifier held : owner) {
          if (!held.state().identifier().equals(key)) {
            changed.add(held);
          }
        }
        changed.add(row);
        changed.sort(BY_TYPE_THEN_VALUE);
        identifiersOf.put(row.profileId(), List.copyOf(changed));
      }
      identifierRows.put(key, Optional.of(row));
      pendingIdentifiers.remove(key);
      pendingIdentifiers.put(key, row);
    }

    @Override
    public void remove(Identifier identifier) {
      forget();
      store.identifiers().remove(identifier);
    }

    @Override
    public void reassignOwner(String fromProfileId, String toProfileId) {
      forget();
      store.identifiers().reassignOwner(fromProfileId, toProfileId);
    }

    @Override
    public void reassignOrigin(String originProfileId, String toProfileId) {
      forget();
      store.identifiers().reassignOrigin(originProfileId, toProfileId);
    }

    @Override
    public int deleteOfProfile(String profileId) {
      forget();
      return store.identifiers().deleteOfProfile(profileId);
    }
  }

  private final class Profiles implements ProfileStore {
    @Override
    public Optional<StoredProfile> find(String id) {
      Optional<StoredProfile> cached = profileRows.get(id);
      if (cached == null) {
        cached = store.profiles().find(id);
        profileRows.put(id, cached);
      }
      return cached;
    }

    /**
     * Keeps the profile for {@link #flush}, where the store refuses an id it holds (failing the
     * batch). A new profile holds no identifiers yet: its list starts known and empty.
     */
    @Override
    public void insert(StoredProfile profile) {
      Optional<StoredProfile> known = profileRows.get(profile.id());
      if (known != null && known.isPresent()) {
        throw new IllegalStateException("profile " + profile.id() + " exists already");
      }
      pendingProfiles.put(profile.id(), profile);
      profileRows.put(profile.id(), Optional.of(profile));
      identifiersOf.put(profile.id(), List.of());
    }

    @Override
    public void update(StoredProfile profile) {
      if (pendingProfiles.containsKey(profile.id())) {
        pendingProfiles.put(profile.id(), profile);
      } else {
        store.profiles().update(profile);
      }
      profileRows.put(profile.id(), Optional.of(profile));
    }

    @Override
    public void delete(String id) {
      forget();
      store.profiles().delete(id);
    }

    @Override
    public void addAlias(String alias, String target) {
      forget();
      store.profiles().addAlias(alias, target);
    }

    @Override
    public void removeAlias(String alias) {
      forget();
      store.profiles().removeAlias(alias);
    }

    @Override
    public Optional<String> resolveAlias(String alias) {
      return store.profiles().resolveAlias(alias);
    }

    @Override
    public long count() {
      flush();
      return store.profiles().count();
    }

    @Override
    public Page<StoredProfile> list(ProfileQuery query) {
      flush();
      return store.profiles().list(query);
    }

    @Override
    public List<StoredProfile> search(String prefix, int limit) {
      flush();
      return store.profiles().search(prefix, limit);
    }

    @Override
    public Stream<StoredProfile> stream() {
      flush();
      return store.profiles().stream();
    }
  }

  private final class Events implements EventStore {
    /**
     * Keeps the event for {@link #flush}; false for an id already pending. An id the batch never
     * looked up (a generated one) counts as new without a query: if the store holds it after all,
     * its own rule keeps the repeat out when the batch is written, as a single insert would.
     */
    @Override
    public boolean insert(Event event, String originProfileId) {
      if (pendingEvents.containsKey(event.id())) {
        return false;
      }
      pendingEvents.put(event.id(), new NewEvent(event, originProfileId));
      absentEventIds.remove(event.id());
      return true;
    }

    @Override
    public Optional<Event> find(String eventId) {
      NewEvent pending = pendingEvents.get(eventId);
      if (pending != null) {
        return Optional.of(pending.event());
      }
      if (absentEventIds.contains(eventId)) {
        return Optional.empty();
      }
      return store.events().find(eventId);
    }

    @Override
    public Page<Event> timeline(String profileId, TimelineQuery query) {
      flush();
      return store.events().timeline(profileId, query);
    }

    @Override
    public Stream<Event> ofProfile(String profileId) {
      flush();
      return store.events().ofProfile(profileId);
    }

    @Override
    public long countOfProfile(String profileId) {
      flush();
      return store.events().countOfProfile(profileId);
    }

    @Override
    public void reassignOwner(String fromProfileId, String toProfileId) {
      forget();
      store.events().reassignOwner(fromProfileId, toProfileId);
    }

    @Override
    public void reassignOrigin(String originProfileId, String toProfileId) {
      forget();
      store.events().reassignOrigin(originProfileId, toProfileId);
    }

    @Override
    public long clearIdentifiersOfProfile(String profileId) {
      forget();
      return store.events().clearIdentifiersOfProfile(profileId);
    }

    @Override
    public long removePropertiesOfProfile(String profileId, Set<String> names) {
      forget();
      return store.events().removePropertiesOfProfile(profileId, names);
    }

    @Override
    public long deleteOfProfile(String profileId) {
      forget();
      return store.events().deleteOfProfile(profileId);
    }

    @Override
    public List<EventTypeCount> typeCounts() {
      flush();
      return store.events().typeCounts();
    }

    @Override
    public long count() {
      flush();
      return store.events().count();
    }
  }

  private final class Suppressions implements SuppressionList {
    @Override
    public void add(String hash) {
      store.suppressionList().add(hash);
      suppressed.put(hash, true);
    }

    @Override
    public boolean contains(String hash) {
      return suppressed.computeIfAbsent(hash, h -> store.suppressionList().contains(h));
    }
  }
}
