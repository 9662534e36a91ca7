package io.cdpkit.core.spi;

import io.cdpkit.core.consent.AuditEntry;
import java.util.List;

/** The append-only audit trail. Entries hold no personal data and are never deleted. */
public interface AuditLog {

  /** Appends an entry; the store assigns its sequence and returns the stored entry. */
  AuditEntry append(AuditEntry entry);

  /** The entries about a profile, oldest first (by sequence). */
  List<AuditEntry> ofProfile(String profileId);
}
