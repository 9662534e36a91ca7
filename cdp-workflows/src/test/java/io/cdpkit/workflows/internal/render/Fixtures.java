package io.cdpkit.workflows.internal.render;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Profiles and events for the rendering tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");

  private Fixtures() {}

  static Profile profile(Map<String, ?> attributes) {
    return new Profile(
        "p-1",
        ObjectValue.of(attributes),
        List.of(
            new ProfileIdentifier(Identifier.email("ann@example.com"), T0, T0, true, true),
            new ProfileIdentifier(Identifier.phone("+49 151 12345678"), T0, T0, true, true)),
        List.of(),
        T0,
        T0,
        Set.of());
  }

  static Event event(Map<String, ?> properties) {
    return new Event("ev-1", "p-1", "ticket_bought", T0, T0, "web", ObjectValue.of(properties), List.of());
  }
}
