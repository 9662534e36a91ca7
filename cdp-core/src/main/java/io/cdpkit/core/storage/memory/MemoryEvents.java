package io.cdpkit.core.storage.memory;

import io.cdpkit.core.Page;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.internal.CodePoints;
import io.cdpkit.core.internal.Cursors;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.EventStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

final class MemoryEvents implements EventStore {
  private final MemoryTransaction tx;
  private final MemoryData data;

  MemoryEvents(MemoryTransaction tx) {
    this.tx = tx;
    this.data = tx.data;
  }

  @Override
  public boolean insert(Event event, String originProfileId) {
    tx.checkWritable();
    if (data.events.containsKey(event.id())) {
      return false;
    }
    remember(event, originProfileId);
    tx.onUndo(() -> forget(event));
    return true;
  }

  private void remember(Event event, String origin) {
    data.events.put(event.id(), event);
    data.eventOrigin.put(event.id(), origin);
    data.eventsByOrigin.computeIfAbsent(origin, k -> new java.util.HashSet<>()).add(event.id());
    data.eventsByProfile.computeIfAbsent(event.profileId(), k -> MemoryData.newEventSet()).add(event);
    data.eventTypeCounts.merge(event.type(), 1L, Long::sum);
  }

  private void forget(Event event) {
    data.events.remove(event.id());
    String origin = data.eventOrigin.remove(event.id());
    Set<String> ofOrigin = data.eventsByOrigin.get(origin);
    if (ofOrigin != null) {
      ofOrigin.remove(event.id());
      if (ofOrigin.isEmpty()) {
        data.eventsByOrigin.remove(origin);
      }
    }
    TreeSet<Event> owned = data.eventsByProfile.get(event.profileId());
    if (owned != null) {
      owned.remove(event);
      if (owned.isEmpty()) {
        data.eventsByProfile.remove(event.profileId());
      }
    }
    data.eventTypeCounts.computeIfPresent(event.type(), (type, n) -> n == 1 ? null : n - 1);
  }

  @Override
  public Optional<Event> find(String eventId) {
    return Optional.ofNullable(data.events.get(eventId));
  }

  @Override
  public Page<Event> timeline(String profileId, TimelineQuery query) {
    TreeSet<Event> owned = data.eventsByProfile.get(profileId);
    if (owned == null) {
      return new Page<>(List.of(), null);
    }
    Cursors.TimelineKey after = query.cursor() == null ? null : Cursors.timelineKey(query.cursor());
    List<Event> page = new ArrayList<>(Math.min(query.limit(), 64));
    for (Iterator<Event> it = owned.descendingIterator(); it.hasNext(); ) {
      Event event = it.next();
      if ((after != null && !after.isBefore(event)) || !query.matches(event)) {
        continue;
      }
      if (page.size() == query.limit()) {
        return new Page<>(page, Cursors.timeline(page.get(page.size() - 1)));
      }
      page.add(event);
    }
    return new Page<>(page, null);
  }

  @Override
  public Stream<Event> ofProfile(String profileId) {
    return data.eventsOf(profileId).stream();
  }

  @Override
  public long countOfProfile(String profileId) {
    TreeSet<Event> owned = data.eventsByProfile.get(profileId);
    return owned == null ? 0 : owned.size();
  }

  @Override
  public void reassignOwner(String fromProfileId, String toProfileId) {
    tx.checkWritable();
    move(data.eventsOf(fromProfileId), toProfileId);
  }

  @Override
  public void reassignOrigin(String originProfileId, String toProfileId) {
    tx.checkWritable();
    List<Event> moving = new ArrayList<>();
    for (String id : data.eventsByOrigin.getOrDefault(originProfileId, Set.of())) {
      moving.add(data.events.get(id));
    }
    move(moving, toProfileId);
  }

  private void move(List<Event> moving, String toProfileId) {
    for (Event event : moving) {
      if (event.profileId().equals(toProfileId)) {
        continue;
      }
      String origin = data.eventOrigin.get(event.id());
      Event moved = event.withProfileId(toProfileId);
      forget(event);
      remember(moved, origin);
      tx.onUndo(
          () -> {
            forget(moved);
            remember(event, origin);
          });
    }
  }

  @Override
  public long removePropertiesOfProfile(String profileId, Set<String> names) {
    tx.checkWritable();
    long changed = 0;
    for (Event event : data.eventsOf(profileId)) {
      Map<String, AttributeValue> kept = new LinkedHashMap<>(event.properties().fields());
      if (!kept.keySet().removeAll(names)) {
        continue;
      }
      String origin = data.eventOrigin.get(event.id());
      Event redacted = new Event(event.id(), event.profileId(), event.type(), event.timestamp(),
          event.receivedAt(), event.source(), new ObjectValue(kept), event.identifiers());
      forget(event);
      remember(redacted, origin);
      tx.onUndo(() -> {
        forget(redacted);
        remember(event, origin);
      });
      changed++;
    }
    return changed;
  }

  @Override
  public long clearIdentifiersOfProfile(String profileId) {
    tx.checkWritable();
    long changed = 0;
    for (Event event : data.eventsOf(profileId)) {
      if (event.identifiers().isEmpty()) {
        continue;
      }
      String origin = data.eventOrigin.get(event.id());
      Event cleared =
          new Event(event.id(), event.profileId(), event.type(), event.timestamp(), event.receivedAt(),
              event.source(), event.properties(), List.of());
      forget(event);
      remember(cleared, origin);
      tx.onUndo(() -> {
        forget(cleared);
        remember(event, origin);
      });
      changed++;
    }
    return changed;
  }

  @Override
  public long deleteOfProfile(String profileId) {
    tx.checkWritable();
    List<Event> owned = data.eventsOf(profileId);
    for (Event event : owned) {
      String origin = data.eventOrigin.get(event.id());
      forget(event);
      tx.onUndo(() -> remember(event, origin));
    }
    return owned.size();
  }

  @Override
  public List<EventTypeCount> typeCounts() {
    return data.eventTypeCounts.entrySet().stream()
        .map(e -> new EventTypeCount(e.getKey(), e.getValue()))
        .sorted(
            Comparator.comparingLong(EventTypeCount::count)
                .reversed()
                .thenComparing(EventTypeCount::type, CodePoints::compare))
        .toList();
  }

  @Override
  public long count() {
    return data.events.size();
  }
}
