package io.cdpkit.segments;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.internal.AttributeJson;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test data: profiles and events from plain values or from the conformance JSON shape. */
public final class Fixtures {
  public static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  public static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  /** A loaded conformance fixture. */
  public record Fixture(Profile profile, List<Event> events, Instant now, ZoneId zone) {
    public EvaluationContext context() {
      return EvaluationContext.builder(now).zone(zone).build();
    }
  }

  public static Profile profile(Map<String, ?> attributes) {
    return profile(ObjectValue.of(attributes), List.of(), List.of());
  }

  public static Profile profile(String attributesJson) {
    return profile(AttributeJson.parseObject(attributesJson), List.of(), List.of());
  }

  public static Profile profile(ObjectValue attributes, List<ProfileIdentifier> identifiers,
      List<Consent> consents) {
    return new Profile("p1", attributes, identifiers, consents, CREATED, CREATED, Set.of());
  }

  public static ProfileIdentifier identifier(String type, String value, boolean deliverable) {
    return new ProfileIdentifier(Identifier.of(type, value), CREATED, CREATED, deliverable, false);
  }

  public static Consent consent(String channel, ConsentStatus status, String at) {
    return new Consent(channel, Consent.MARKETING, status, Instant.parse(at), "test", null);
  }

  public static Event event(String type, String timestamp, String propertiesJson) {
    return event(type, Instant.parse(timestamp), AttributeJson.parseObject(propertiesJson));
  }

  public static Event event(String type, Instant timestamp, ObjectValue properties) {
    return new Event("e-" + type + "-" + timestamp, "p1", type, timestamp, timestamp, "web",
        properties, List.of());
  }

  /** A fixture in the conformance JSON shape (see src/test/resources/conformance/README.md). */
  public static Fixture fixture(JsonNode node) {
    Instant now = Instant.parse(node.get("now").asText());
    ZoneId zone = ZoneId.of(node.has("zone") ? node.get("zone").asText() : "UTC");
    JsonNode p = node.get("profile");
    Instant created = p.has("created_at") ? Instant.parse(p.get("created_at").asText()) : CREATED;
    Instant updated = p.has("updated_at") ? Instant.parse(p.get("updated_at").asText()) : created;
    List<ProfileIdentifier> identifiers = new ArrayList<>();
    for (JsonNode i : p.path("identifiers")) {
      identifiers.add(new ProfileIdentifier(
          Identifier.of(i.get("type").asText(), i.get("value").asText()), created, created,
          i.path("deliverable").asBoolean(true), false));
    }
    List<Consent> consents = new ArrayList<>();
    for (JsonNode c : p.path("consents")) {
      consents.add(new Consent(c.get("channel").asText(),
          c.path("purpose").asText(Consent.MARKETING),
          ConsentStatus.valueOf(c.get("status").asText()), Instant.parse(c.get("at").asText()),
          "test",
          c.hasNonNull("expires_at") ? Instant.parse(c.get("expires_at").asText()) : null));
    }
    AttributeValue attributes = AttributeJson.fromNode(p.get("attributes"));
    Profile profile = new Profile(p.get("id").asText(), (ObjectValue) attributes, identifiers,
        consents, created, updated, Set.of());
    List<Event> events = new ArrayList<>();
    int n = 0;
    for (JsonNode e : node.path("events")) {
      Instant at = Instant.parse(e.get("timestamp").asText());
      events.add(new Event("e" + n++, profile.id(), e.get("type").asText(), at, at,
          e.path("source").asText("web"),
          (ObjectValue) AttributeJson.fromNode(e.path("properties").isMissingNode()
              ? AttributeJson.mapper().createObjectNode() : e.get("properties")),
          List.of()));
    }
    return new Fixture(profile, events, now, zone);
  }
}
