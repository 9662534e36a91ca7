package io.cdpkit.core.identity;

/** Whether an identifier type joins the profiles that share a value. */
public enum MergePolicy {
  /** Profiles sharing a value merge (email, phone, user id, channel ids). */
  MERGE,
  /**
   * The value links anonymous activity to a profile: it merges a profile that holds no {@link
   * #MERGE} identifier into another, but never joins two known people (device ids, cookies).
   */
  ANONYMOUS_ONLY,
  /** The value is attached to a profile but never merges two profiles. */
  NEVER
}
