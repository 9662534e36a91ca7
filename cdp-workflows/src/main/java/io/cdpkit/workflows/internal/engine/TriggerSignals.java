package io.cdpkit.workflows.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.workflows.spi.StoredSignal;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/*
 * Payloads hold ids and instants only, never a profile or event: the engine loads those when it
 * handles the signal, so a signal stays small on the ingest path and an erasure leaves no copy of
 * the erased data in it.
 */

/** The signals the engine hears on the ingest path and their stored JSON form. */
final class TriggerSignals {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TriggerSignals() {}

  sealed interface TriggerSignal permits Entered, Stored, Merged {}

  /** A profile entered or left a segment. */
  record Entered(SegmentTransition transition) implements TriggerSignal {}

  /** An event was stored for a profile. */
  record Stored(String eventId, String profileId) implements TriggerSignal {}

  /** Profiles were merged into the survivor. */
  record Merged(String survivorId, List<String> absorbedIds) implements TriggerSignal {}

  static StoredSignal.Kind kind(TriggerSignal signal) {
    if (signal instanceof Entered) {
      return StoredSignal.Kind.SEGMENT_TRANSITION;
    }
    return signal instanceof Stored
        ? StoredSignal.Kind.EVENT_STORED
        : StoredSignal.Kind.PROFILES_MERGED;
  }

  static String payload(TriggerSignal signal) {
    if (signal instanceof Stored stored) {
      return StoredSignal.eventStoredPayload(stored.eventId(), stored.profileId());
    }
    if (signal instanceof Merged merged) {
      return StoredSignal.profilesMergedPayload(merged.survivorId(), merged.absorbedIds());
    }
    SegmentTransition t = ((Entered) signal).transition();
    ObjectNode json = MAPPER.createObjectNode();
    json.put("segment", t.segment());
    json.put("profile", t.profileId());
    json.put("kind", t.kind().name());
    json.put("cause", t.cause().name());
    json.put("at", t.at().toString());
    try {
      return MAPPER.writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static TriggerSignal read(StoredSignal stored) {
    JsonNode json;
    try {
      json = MAPPER.readTree(stored.payload());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "stored signal " + stored.id() + " is not the engine's JSON: " + e.getOriginalMessage(),
          e);
    }
    return switch (stored.kind()) {
      case SEGMENT_TRANSITION ->
          new Entered(
              new SegmentTransition(
                  SegmentTransition.Kind.valueOf(json.get("kind").asText()),
                  json.get("segment").asText(),
                  json.get("profile").asText(),
                  Instant.parse(json.get("at").asText()),
                  SegmentTransition.Cause.valueOf(json.get("cause").asText())));
      case EVENT_STORED -> new Stored(json.get("event").asText(), json.get("profile").asText());
      case PROFILES_MERGED -> {
        List<String> absorbed = new ArrayList<>();
        json.get("absorbed").forEach(id -> absorbed.add(id.asText()));
        yield new Merged(json.get("survivor").asText(), List.copyOf(absorbed));
      }
    };
  }
}
