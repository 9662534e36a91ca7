package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.AttributeHistory;
import io.cdpkit.core.spi.AuditLog;
import io.cdpkit.core.spi.ConsentHistory;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.core.spi.IdentityIndex;
import io.cdpkit.core.spi.IdentityLog;
import io.cdpkit.core.spi.ProfileStore;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.spi.SuppressionList;

/** The four ports over one {@link MemoryTransaction}. */
final class MemorySession implements StorageSession {
  private final MemoryProfiles profiles;
  private final MemoryEvents events;
  private final MemoryIdentifiers identifiers;
  private final MemoryHistory history;
  private final MemoryIdentityLog identityLog;
  private final MemoryConsentHistory consentHistory;
  private final MemoryAuditLog auditLog;
  private final MemorySuppressionList suppressionList;

  MemorySession(MemoryTransaction tx) {
    this.profiles = new MemoryProfiles(tx);
    this.events = new MemoryEvents(tx);
    this.identifiers = new MemoryIdentifiers(tx);
    this.history = new MemoryHistory(tx);
    this.identityLog = new MemoryIdentityLog(tx);
    this.consentHistory = new MemoryConsentHistory(tx);
    this.auditLog = new MemoryAuditLog(tx);
    this.suppressionList = new MemorySuppressionList(tx);
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
    return history;
  }

  @Override
  public IdentityLog identityLog() {
    return identityLog;
  }

  @Override
  public ConsentHistory consentHistory() {
    return consentHistory;
  }

  @Override
  public AuditLog auditLog() {
    return auditLog;
  }

  @Override
  public SuppressionList suppressionList() {
    return suppressionList;
  }
}
