package io.cdpkit.benchmarks.segments;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.profile.Profile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Profiles and their events, generated deterministically, shared by the segment benchmarks. */
final class SegmentData {
  static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final String[] CITIES = {"Utrecht", "Delft", "Amsterdam", "Leiden", "Rotterdam"};

  final Profile[] profiles;
  final List<List<Event>> events;

  SegmentData(int count) {
    Random random = new Random(42);
    profiles = new Profile[count];
    events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String id = "p" + i;
      List<ProfileIdentifier> identifiers =
          random.nextInt(10) < 8
              ? List.of(new ProfileIdentifier(Identifier.email(id + "@example.com"), NOW, NOW, true, false))
              : List.of();
      ObjectValue attributes =
          ObjectValue.of(Map.of(
              "age", 16 + random.nextInt(50),
              "city", CITIES[random.nextInt(CITIES.length)],
              "tags", random.nextInt(5) == 0 ? List.of("vip", "beta") : List.of("beta")));
      profiles[i] = new Profile(id, attributes, identifiers, List.of(), NOW, NOW, Set.of());
      int n = random.nextInt(6);
      List<Event> own = new ArrayList<>(n);
      for (int e = 0; e < n; e++) {
        Instant at = NOW.minus(Duration.ofHours(random.nextInt(24 * 90)));
        if (random.nextBoolean()) {
          own.add(new Event(id + "-" + e, id, "purchase", at, at, "shop",
              ObjectValue.of(Map.of("amount", 5 + random.nextInt(60))), List.of()));
        } else {
          own.add(new Event(id + "-" + e, id, "ticket_bought", at, at, "shop",
              ObjectValue.of(Map.of("festival", random.nextInt(3) == 0 ? "The Festival 2018" : "Other Fest")), List.of()));
        }
      }
      events.add(own);
    }
  }
}
