package io.cdpkit.segments.activation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import io.cdpkit.core.spi.CodePoints;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** A {@link SyncStateStore} in memory: lost when the process ends. Thread-safe (one lock). */
public final class InMemorySyncStateStore implements SyncStateStore {
  private record Pair(String segment, String destination) {}

  private final Map<Pair, SyncState> states = new HashMap<>();
  private final TreeMap<Long, PendingChange> changes = new TreeMap<>();
  private final Map<Pair, SyncBatch> batches = new HashMap<>();
  private final Map<Pair, Map<String, SyncMember>> members = new HashMap<>();
  private long nextChangeId = 1;

  @Override
  public synchronized Optional<SyncState> findState(String segment, String destination) {
    return Optional.ofNullable(states.get(new Pair(segment, destination)));
  }

  @Override
  public synchronized List<SyncState> states() {
    List<SyncState> all = new ArrayList<>(states.values());
    all.sort(Comparator.comparing(SyncState::segment).thenComparing(SyncState::destination));
    return all;
  }

  @Override
  public synchronized void saveState(SyncState state) {
    states.put(new Pair(state.segment(), state.destination()), Objects.requireNonNull(state));
  }

  @Override
  public synchronized PendingChange appendChange(
      String segment, String destination, String profileId, String reason, Instant at) {
    PendingChange change = new PendingChange(nextChangeId++, segment, destination, profileId, reason, at);
    changes.put(change.id(), change);
    return change;
  }

  @Override
  public synchronized List<PendingChange> pendingChanges(String segment, String destination, int limit) {
    List<PendingChange> found = new ArrayList<>();
    for (PendingChange change : changes.values()) {
      if (found.size() >= limit) {
        break;
      }
      if (change.segment().equals(segment) && change.destination().equals(destination)) {
        found.add(change);
      }
    }
    return found;
  }

  @Override
  public synchronized long countPendingChanges(String segment, String destination) {
    return changes.values().stream()
        .filter(c -> c.segment().equals(segment) && c.destination().equals(destination))
        .count();
  }

  @Override
  public synchronized void deleteChanges(Collection<Long> changeIds) {
    changeIds.forEach(changes::remove);
  }

  @Override
  public synchronized void saveBatch(SyncBatch batch, Collection<Long> consumedChangeIds, SyncState state) {
    Pair pair = new Pair(batch.segment(), batch.destination());
    if (batches.containsKey(pair)) {
      throw new IllegalStateException("batch " + batches.get(pair).idempotencyKey()
          + " is not acknowledged yet; cannot save " + batch.idempotencyKey());
    }
    batches.put(pair, batch);
    Set<Long> ids = new HashSet<>(consumedChangeIds);
    ids.forEach(changes::remove);
    states.put(pair, state);
  }

  @Override
  public synchronized Optional<SyncBatch> findUnacknowledgedBatch(String segment, String destination) {
    return Optional.ofNullable(batches.get(new Pair(segment, destination)));
  }

  @Override
  public synchronized void acknowledge(SyncBatch batch, SyncState state) {
    Pair pair = new Pair(batch.segment(), batch.destination());
    SyncBatch pending = batches.get(pair);
    if (pending == null || pending.sequence() != batch.sequence()) {
      throw new IllegalStateException(batch.idempotencyKey() + " is not the unacknowledged batch"
          + (pending == null ? " (there is none)" : " (" + pending.idempotencyKey() + " is)"));
    }
    batches.remove(pair);
    // The stored batch, not the caller's copy: an erasure may have taken members out of it.
    Map<String, SyncMember> held = members.computeIfAbsent(pair, p -> new HashMap<>());
    pending.removed().forEach(m -> held.remove(m.profileId()));
    pending.added().forEach(m -> held.put(m.profileId(), m));
    states.put(pair, state);
  }

  @Override
  public synchronized void forgetProfile(String profileId) {
    Objects.requireNonNull(profileId, "profileId");
    changes.values().removeIf(change -> change.profileId().equals(profileId));
    members.values().forEach(held -> held.remove(profileId));
    batches.replaceAll((pair, batch) -> new SyncBatch(batch.segment(), batch.destination(),
        batch.sequence(), batch.kind(), batch.lastPart(), without(batch.added(), profileId),
        without(batch.removed(), profileId)));
  }

  private static List<SyncMember> without(List<SyncMember> members, String profileId) {
    return members.stream().filter(m -> !m.profileId().equals(profileId)).toList();
  }

  @Override
  public synchronized Optional<SyncMember> findSyncedMember(
      String segment, String destination, String profileId) {
    return Optional.ofNullable(
        members.getOrDefault(new Pair(segment, destination), Map.of()).get(profileId));
  }

  @Override
  public synchronized long countSyncedMembers(String segment, String destination) {
    return members.getOrDefault(new Pair(segment, destination), Map.of()).size();
  }

  @Override
  public synchronized List<String> syncedMemberIds(
      String segment, String destination, @Nullable String afterProfileId, int limit) {
    return members.getOrDefault(new Pair(segment, destination), Map.of()).keySet().stream()
        .filter(id -> afterProfileId == null || CodePoints.compare(id, afterProfileId) > 0)
        .sorted(CodePoints::compare)
        .limit(limit)
        .toList();
  }
}
