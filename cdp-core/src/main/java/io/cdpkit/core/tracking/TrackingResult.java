package io.cdpkit.core.tracking;

import io.cdpkit.core.event.Event;
import java.util.List;

/**
 * What one call of {@link TrackingMessages} stored: the event of each message, in message order
 * (a message delivered again, or twice in one batch, gives the event stored the first time).
 *
 * @param events one per distinct message id, in the order the messages came
 * @param duplicates how many messages carried an id that was already stored, or appeared earlier
 *     in the same batch; nothing was changed for them
 */
public record TrackingResult(List<Event> events, int duplicates) {

  public TrackingResult {
    events = List.copyOf(events);
    if (duplicates < 0) {
      throw new IllegalArgumentException("duplicates must not be negative, was " + duplicates);
    }
  }

  /** How many distinct messages were applied (new or already stored). */
  public int messages() {
    return events.size();
  }
}
