package io.cdpkit.workflows.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
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
  private static final ObjectMapper MAPPER = new ObjectMapper();

  public StoredSignal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
  }

  /** The payload of an {@link Kind#EVENT_STORED} signal: the event's id and its profile's. */
  public static String eventStoredPayload(String eventId, String profileId) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("event", Objects.requireNonNull(eventId, "eventId"));
    json.put("profile", Objects.requireNonNull(profileId, "profileId"));
    return write(json);
  }

  /** The payload of a {@link Kind#PROFILES_MERGED} signal: the survivor and the absorbed ids. */
  public static String profilesMergedPayload(String survivorId, List<String> absorbedIds) {
    ObjectNode json = MAPPER.createObjectNode();
    json.put("survivor", Objects.requireNonNull(survivorId, "survivorId"));
    absorbedIds.forEach(json.putArray("absorbed")::add);
    return write(json);
  }

  private static String write(ObjectNode json) {
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a signal reports. */
  public enum Kind {
    /** A profile entered or left a saved segment. */
    SEGMENT_TRANSITION,
    /**
     * An event was stored. The payload is {@code {"event": EVENT_ID, "profile": PROFILE_ID}}, the
     * profile that owned the event when it was stored; a store that {@linkplain
     * EnrollmentStore#signalsStoredEvents() signals stored events} writes it in this form.
     */
    EVENT_STORED,
    /**
     * Profiles were merged into a survivor. The payload is {@code {"survivor": ID, "absorbed":
     * [ID, ...]}}; a store that {@linkplain EnrollmentStore#signalsMerges() signals merges} writes
     * it in this form.
     */
    PROFILES_MERGED
  }
}
