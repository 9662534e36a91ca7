package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.SuppressionList;

final class MemorySuppressionList implements SuppressionList {
  private final MemoryTransaction tx;
  private final MemoryData data;

  MemorySuppressionList(MemoryTransaction tx) {
    this.tx = tx;
    this.data = tx.data;
  }

  @Override
  public void add(String hash) {
    tx.checkWritable();
    if (data.suppressed.add(hash)) {
      tx.onUndo(() -> data.suppressed.remove(hash));
    }
  }

  @Override
  public boolean contains(String hash) {
    return data.suppressed.contains(hash);
  }
}
