package io.cdpkit.core.spi;

import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** Events, by id and by profile. */
public interface EventStore {

  /**
   * Stores the event unless one with its id exists.
   *
   * @param originProfileId the profile the event was first recorded for; it takes the event back
   *     on unmerge
   * @return true when stored, false when the id was already there (nothing changed)
   */
  boolean insert(Event event, String originProfileId);

  Optional<Event> find(String eventId);

  /** An event to store with the profile it was first recorded for; see {@link #insert}. */
  record NewEvent(Event event, String originProfileId) {
    public NewEvent {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(originProfileId, "originProfileId");
    }
  }

  /**
   * {@link #insert} of each event, in order; returns how many were stored (an id already there,
   * or repeated in the list, stores nothing). By default one {@code insert} each.
   */
  default int insertAll(List<NewEvent> events) {
    int stored = 0;
    for (NewEvent row : events) {
      if (insert(row.event(), row.originProfileId())) {
        stored++;
      }
    }
    return stored;
  }

  /** Which of the ids name a stored event: a batch's idempotency check in a few queries. */
  default Set<String> existing(Collection<String> eventIds) {
    Set<String> found = new HashSet<>();
    for (String id : eventIds) {
      if (find(id).isPresent()) {
        found.add(id);
      }
    }
    return found;
  }

  /** A page of the profile's events, newest first by (timestamp, id). */
  Page<Event> timeline(String profileId, TimelineQuery query);

  /** All the profile's events, oldest first by (timestamp, id); consume inside the session. */
  Stream<Event> ofProfile(String profileId);

  long countOfProfile(String profileId);

  /** Gives every event owned by {@code fromProfileId} to {@code toProfileId}. */
  void reassignOwner(String fromProfileId, String toProfileId);

  /** Gives every event first recorded for {@code originProfileId} to {@code toProfileId}. */
  void reassignOrigin(String originProfileId, String toProfileId);

  /**
   * Removes the identifiers carried by every event the profile owns (anonymisation keeps events
   * for statistics, without who they were about); returns how many events changed.
   */
  long clearIdentifiersOfProfile(String profileId);

  /**
   * Removes the named top-level properties from every event the profile owns (anonymisation drops
   * personal fields such as an email or a card number from the events it keeps); returns how many
   * events changed.
   */
  long removePropertiesOfProfile(String profileId, Set<String> names);

  /** Deletes every event owned by the profile; returns how many. */
  long deleteOfProfile(String profileId);

  /** Each stored type with its count, most frequent first, then by type. */
  List<EventTypeCount> typeCounts();

  long count();
}
