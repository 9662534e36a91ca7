package io.cdpkit.core.storage.memory;

import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.spi.IdentityLog;
import java.util.ArrayList;
import java.util.List;

final class MemoryIdentityLog implements IdentityLog {
  private final MemoryTransaction tx;
  private final MemoryData data;

  MemoryIdentityLog(MemoryTransaction tx) {
    this.tx = tx;
    this.data = tx.data;
  }

  @Override
  public MergeRecord append(MergeRecord record) {
    tx.checkWritable();
    MergeRecord stored = record.withSequence(++data.identityLogSequence);
    data.identityLog.add(stored);
    tx.onUndo(() -> {
      data.identityLog.remove(data.identityLog.size() - 1);
      data.identityLogSequence--;
    });
    return stored;
  }

  @Override
  public List<MergeRecord> ofProfile(String profileId) {
    List<MergeRecord> found = new ArrayList<>();
    for (MergeRecord record : data.identityLog) {
      if (names(record, profileId)) {
        found.add(record);
      }
    }
    return found;
  }

  @Override
  public int deleteOfProfile(String profileId) {
    tx.checkWritable();
    List<MergeRecord> before = new ArrayList<>(data.identityLog);
    boolean removed = data.identityLog.removeIf(r -> names(r, profileId));
    if (!removed) {
      return 0;
    }
    tx.onUndo(
        () -> {
          data.identityLog.clear();
          data.identityLog.addAll(before);
        });
    return before.size() - data.identityLog.size();
  }

  private static boolean names(MergeRecord record, String profileId) {
    return record.survivorId().equals(profileId) || record.otherIds().contains(profileId);
  }
}
