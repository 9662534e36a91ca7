package io.cdpkit.core.storage.memory;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.spi.CodePoints;
import io.cdpkit.core.spi.AttributeUpdate;
import io.cdpkit.core.spi.StoredIdentifier;
import io.cdpkit.core.spi.StoredProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables of the in-memory store. Guarded by {@link InMemoryStorage}'s lock; every mutation
 * goes through {@link MemorySession}, which logs its inverse.
 */
final class MemoryData {
  /** Events of a profile in (timestamp, id) order. */
  static final Comparator<Event> EVENT_ORDER =
      Comparator.comparing(Event::timestamp).thenComparing(Event::id, CodePoints::compare);

  final TreeMap<String, StoredProfile> profiles = new TreeMap<>(CodePoints::compare);
  final Map<String, String> aliases = new HashMap<>();

  final Map<String, Event> events = new HashMap<>();
  final Map<String, String> eventOrigin = new HashMap<>();
  final Map<String, Set<String>> eventsByOrigin = new HashMap<>();
  final Map<String, TreeSet<Event>> eventsByProfile = new HashMap<>();
  final Map<String, Long> eventTypeCounts = new HashMap<>();

  final Map<Identifier, StoredIdentifier> identifiers = new HashMap<>();
  final Map<String, TreeSet<Identifier>> identifiersByProfile = new HashMap<>();

  final Map<String, List<AttributeUpdate>> historyByOwner = new HashMap<>();
  long historySequence;
  long identityLogSequence;
  long consentSequence;
  long auditSequence;

  final List<io.cdpkit.core.identity.MergeRecord> identityLog = new ArrayList<>();
  final List<io.cdpkit.core.spi.StoredConsentChange> consents = new ArrayList<>();
  final List<io.cdpkit.core.consent.AuditEntry> audit = new ArrayList<>();
  final Set<String> suppressed = new java.util.HashSet<>();

  static TreeSet<Event> newEventSet() {
    return new TreeSet<>(EVENT_ORDER);
  }

  static TreeSet<Identifier> newIdentifierSet() {
    return new TreeSet<>(
        Comparator.comparing(Identifier::type, CodePoints::compare)
            .thenComparing(Identifier::value, CodePoints::compare));
  }

  List<Event> eventsOf(String profileId) {
    TreeSet<Event> set = eventsByProfile.get(profileId);
    return set == null ? List.of() : new ArrayList<>(set);
  }
}
