package io.cdpkit.storage.sqlite;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Rows for tests. */
final class SqliteFixtures {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private SqliteFixtures() {}

  static Event event(String id, String profileId) {
    return new Event(
        id, profileId, "view", T0, T0, "test", ObjectValue.of(Map.of("n", 1)), List.of());
  }

  static StoredProfile profile(String id, Map<String, ?> attributes) {
    return new StoredProfile(id, ObjectValue.of(attributes), List.of(), T0, T0, Set.of());
  }

  static StoredIdentifier identifier(Identifier identifier, String profileId) {
    return new StoredIdentifier(
        new ProfileIdentifier(identifier, T0, T0, true, false), profileId, profileId);
  }
}
