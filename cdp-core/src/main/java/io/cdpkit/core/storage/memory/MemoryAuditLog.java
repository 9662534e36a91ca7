package io.cdpkit.core.storage.memory;

import io.cdpkit.core.consent.AuditEntry;
import io.cdpkit.core.spi.AuditLog;
import java.util.List;

final class MemoryAuditLog implements AuditLog {
  private final MemoryTransaction tx;
  private final MemoryData data;

  MemoryAuditLog(MemoryTransaction tx) {
    this.tx = tx;
    this.data = tx.data;
  }

  @Override
  public AuditEntry append(AuditEntry entry) {
    tx.checkWritable();
    AuditEntry stored = entry.withSequence(++data.auditSequence);
    data.audit.add(stored);
    tx.onUndo(() -> {
      data.audit.remove(data.audit.size() - 1);
      data.auditSequence--;
    });
    return stored;
  }

  @Override
  public List<AuditEntry> ofProfile(String profileId) {
    return data.audit.stream().filter(e -> e.profileId().equals(profileId)).toList();
  }
}
