package io.cdpkit.workflows.spi;

import java.util.Objects;

/**
 * Something the engine heard on the ingest path and has not handled yet, as stored: a profile
 * entered or left a segment, an event was stored, or profiles were merged. The payload is a small
 * JSON object of ids and instants that only the engine reads; the store keeps it as it is.
 *
 * @param id the store's sequence number; a later append has a greater id
 * @param kind what happened
 * @param payload the engine's JSON form of it
 */
public record StoredSignal(long id, Kind kind, String payload) {
  public StoredSignal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
  }

  /** What a signal reports. */
  public enum Kind {
    /** A profile entered or left a saved segment. */
    SEGMENT_TRANSITION,
    /** An event was stored. */
    EVENT_STORED,
    /** Profiles were merged into a survivor. */
    PROFILES_MERGED
  }
}
