package io.cdpkit.core.spi;

import io.cdpkit.core.event.Event;
import java.util.List;
import java.util.stream.Stream;

/** The ports of one transaction or snapshot. Used by one thread, only inside the callback. */
public interface StorageSession {
  ProfileStore profiles();

  EventStore events();

  IdentityIndex identifiers();

  AttributeHistory attributeHistory();

  IdentityLog identityLog();

  ConsentHistory consentHistory();

  AuditLog auditLog();

  SuppressionList suppressionList();

  /**
   * Every event of the type, grouped by owning profile (profiles in the store's id order, each
   * one's events oldest first by (timestamp, id)); consume inside the session. A pass over one
   * type across the whole store, such as a recalculation over every customer's orders. By default
   * {@link EventStore#ofProfile} for each profile; a SQL store answers in one query.
   */
  default Stream<Event> eventsOfType(String type) {
    List<String> ids;
    try (Stream<StoredProfile> all = profiles().stream()) {
      ids = all.map(StoredProfile::id).toList();
    }
    return ids.stream().flatMap(id -> events().ofProfile(id).filter(e -> e.type().equals(type)));
  }
}
