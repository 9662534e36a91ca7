package io.cdpkit.segments.internal.parse;

/** What paths name where a condition stands, and so which conditions may stand there. */
public enum Scope {
  /** The profile: attributes and profile system fields; every condition. */
  PROFILE,
  /** Inside {@code event ... where}: event properties and $type, $timestamp, $source. */
  EVENT,
  /** Inside {@code any PATH where}: the list element's fields, no system fields. */
  ELEMENT
}
