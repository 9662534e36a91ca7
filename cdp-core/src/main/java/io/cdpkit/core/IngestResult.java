package io.cdpkit.core;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import java.util.List;

/**
 * What {@link Cdp#ingestAll} stored: the profile after each {@link Identify} and the event of each
 * {@link Track}, each list in request order.
 */
public record IngestResult(List<Profile> profiles, List<Event> events) {
  public IngestResult {
    profiles = List.copyOf(profiles);
    events = List.copyOf(events);
  }
}
