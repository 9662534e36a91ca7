package io.cdpkit.core.profile;

/** Whether a person allowed contact on a channel for a purpose. */
public enum ConsentStatus {
  GRANTED,
  DENIED,
  UNKNOWN
}
