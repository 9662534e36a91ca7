package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.Segments;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** What the engine reads of the platform: profiles, events, reachability, segment context. */
final class ProfileReads {
  private final Cdp cdp;
  private final Segments segments;

  ProfileReads(Cdp cdp, Segments segments) {
    this.cdp = cdp;
    this.segments = segments;
  }

  Optional<Profile> findProfile(String profileId) {
    return cdp.findProfile(profileId);
  }

  Optional<Event> findEvent(String eventId) {
    return cdp.storage().read(s -> s.events().find(eventId));
  }

  /** The profile's events, oldest first. */
  List<Event> eventsOf(String profileId) {
    return cdp.storage().read(s -> s.events().ofProfile(profileId).toList());
  }

  Reachability reachability(Profile profile, String channel, Instant now) {
    return cdp.privacy().reachability().check(profile, channel, now);
  }

  EvaluationContext evaluation(Instant now) {
    return segments.context(now);
  }

  /** The zone local dates and times in profile data are read in. */
  ZoneId zone() {
    return cdp.zone();
  }
}
