package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.CodePoints;
import io.cdpkit.core.spi.AttributeHistory;
import io.cdpkit.core.spi.AttributeUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

final class MemoryHistory implements AttributeHistory {
  private static final Comparator<AttributeUpdate> REPLAY_ORDER =
      Comparator.comparing(AttributeUpdate::at)
          .thenComparing(AttributeUpdate::originProfileId, CodePoints::compare)
          .thenComparingLong(AttributeUpdate::sequence);

  private final MemoryTransaction tx;
  private final MemoryData data;

  MemoryHistory(MemoryTransaction tx) {
    this.tx = tx;
    this.data = tx.data;
  }

  @Override
  public AttributeUpdate append(AttributeUpdate update) {
    tx.checkWritable();
    long sequence = ++data.historySequence;
    AttributeUpdate stored = withOwner(update, update.ownerProfileId(), sequence);
    data.historyByOwner.computeIfAbsent(stored.ownerProfileId(), k -> new ArrayList<>()).add(stored);
    tx.onUndo(
        () -> {
          removeFromOwner(stored);
          data.historySequence--;
        });
    return stored;
  }

  @Override
  public List<AttributeUpdate> ofOwner(String profileId) {
    List<AttributeUpdate> owned =
        new ArrayList<>(data.historyByOwner.getOrDefault(profileId, List.of()));
    owned.sort(REPLAY_ORDER);
    return owned;
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    move(List.copyOf(data.historyByOwner.getOrDefault(fromProfileId, List.of())), toProfileId);
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    List<AttributeUpdate> moving = new ArrayList<>();
    for (List<AttributeUpdate> owned : data.historyByOwner.values()) {
      for (AttributeUpdate update : owned) {
        if (update.originProfileId().equals(originProfileId)) {
          moving.add(update);
        }
      }
    }
    move(moving, toProfileId);
  }

  private void move(List<AttributeUpdate> updates, String toProfileId) {
    tx.checkWritable();
    for (AttributeUpdate update : updates) {
      if (update.ownerProfileId().equals(toProfileId)) {
        continue;
      }
      AttributeUpdate moved = withOwner(update, toProfileId, update.sequence());
      replace(update, moved);
      tx.onUndo(() -> replace(moved, update));
    }
  }

  private void replace(AttributeUpdate from, AttributeUpdate to) {
    removeFromOwner(from);
    data.historyByOwner.computeIfAbsent(to.ownerProfileId(), k -> new ArrayList<>()).add(to);
  }

  private void removeFromOwner(AttributeUpdate update) {
    List<AttributeUpdate> owned = data.historyByOwner.get(update.ownerProfileId());
    owned.remove(update);
    if (owned.isEmpty()) {
      data.historyByOwner.remove(update.ownerProfileId());
    }
  }

  @Override
  public int deleteOfOwner(String profileId) {
    tx.checkWritable();
    List<AttributeUpdate> owned = data.historyByOwner.remove(profileId);
    if (owned == null) {
      return 0;
    }
    tx.onUndo(() -> data.historyByOwner.put(profileId, owned));
    return owned.size();
  }

  private static AttributeUpdate withOwner(AttributeUpdate update, String owner, long sequence) {
    return new AttributeUpdate(
        owner, update.originProfileId(), update.at(), sequence, update.source(), update.changes());
  }
}
