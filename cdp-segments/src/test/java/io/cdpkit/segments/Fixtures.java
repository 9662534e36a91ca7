package io.cdpkit.segments;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.spi.AttributeJson;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test data: profiles and events from plain values. */
final class Fixtures {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

  private Fixtures() {}

  static Profile profile(Map<String, ?> attributes) {
    return profile(ObjectValue.of(attributes), List.of(), List.of());
  }

  static Profile profile(String attributesJson) {
    return profile(AttributeJson.parseObject(attributesJson), List.of(), List.of());
  }

  static Profile profile(ObjectValue attributes, List<ProfileIdentifier> identifiers,
      List<Consent> consents) {
    return new Profile("p1", attributes, identifiers, consents, CREATED, CREATED, Set.of());
  }

  static ProfileIdentifier identifier(String type, String value, boolean deliverable) {
    return new ProfileIdentifier(Identifier.of(type, value), CREATED, CREATED, deliverable, false);
  }

  static Consent consent(String channel, ConsentStatus status, String at) {
    return new Consent(channel, Consent.MARKETING, status, Instant.parse(at), "test", null);
  }

  static Event event(String type, String timestamp, String propertiesJson) {
    return event(type, Instant.parse(timestamp), AttributeJson.parseObject(propertiesJson));
  }

  static Event event(String type, Instant timestamp, ObjectValue properties) {
    return new Event("e-" + type + "-" + timestamp, "p1", type, timestamp, timestamp, "web",
        properties, List.of());
  }
}
