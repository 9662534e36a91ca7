package io.cdpkit.core.spi;

/** The ports of one transaction or snapshot. Used by one thread, only inside the callback. */
public interface StorageSession {
  ProfileStore profiles();

  EventStore events();

  IdentityIndex identifiers();

  AttributeHistory attributeHistory();

  IdentityLog identityLog();

  ConsentHistory consentHistory();

  AuditLog auditLog();

  SuppressionList suppressionList();
}
