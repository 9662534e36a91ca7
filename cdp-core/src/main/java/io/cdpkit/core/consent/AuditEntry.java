package io.cdpkit.core.consent;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: who did what to which profile, when. Holds no personal data
 * (no identifier values, no attribute values), so entries outlive the profile's erasure.
 *
 * @param sequence assigned by the store, increasing
 * @param detail a description without personal data, e.g. "email marketing denied (source crm)"
 */
public record AuditEntry(
    long sequence, Instant at, String actor, Action action, String profileId, String detail) {

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(detail, "detail");
  }

  /** What was done. */
  public enum Action {
    CONSENT_CHANGED,
    DELIVERABILITY_CHANGED,
    EXPORTED,
    ERASED,
    ANONYMISED,
    MERGED,
    UNMERGED
  }

  public AuditEntry withSequence(long assigned) {
    return new AuditEntry(assigned, at, actor, action, profileId, detail);
  }
}
