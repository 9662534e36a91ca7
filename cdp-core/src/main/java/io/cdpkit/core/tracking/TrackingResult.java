package io.cdpkit.core.tracking;

import io.cdpkit.core.event.Event;
import java.util.List;

/**
 * What one call of {@link TrackingMessages} stored: the event of each message, in message order
 * (a message delivered again, or twice in one batch, gives the event stored the first time), and
 * the messages of a batch that were rejected.
 *
 * @param events one per distinct message id that was applied, in the order the messages came
 * @param duplicates how many messages carried an id that was already stored, or appeared earlier
 *     in the same batch; nothing was changed for them
 * @param rejected the messages of a batch that broke a rule and were not stored, by index
 */
public record TrackingResult(List<Event> events, int duplicates, List<Rejection> rejected) {

  public TrackingResult {
    events = List.copyOf(events);
    rejected = List.copyOf(rejected);
    if (duplicates < 0) {
      throw new IllegalArgumentException("duplicates must not be negative, was " + duplicates);
    }
  }

  /** A result without rejected messages. */
  public TrackingResult(List<Event> events, int duplicates) {
    this(events, duplicates, List.of());
  }

  /** How many distinct messages were applied (new or already stored). */
  public int messages() {
    return events.size();
  }
}
