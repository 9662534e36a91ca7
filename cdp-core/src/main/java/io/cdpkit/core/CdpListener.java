package io.cdpkit.core;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import java.util.List;

/**
 * Observes changes after they are committed, on the thread that made them, in commit order. Every
 * method defaults to doing nothing. An exception thrown by a listener is logged and swallowed: one
 * listener cannot break ingestion or other listeners. Listeners must be thread-safe when the Cdp
 * is used from several threads.
 */
public interface CdpListener {

  /** A new profile, as created. */
  default void profileCreated(Profile profile) {}

  /** A profile's attributes, identifiers or consents changed; the profile after the change. */
  default void profileUpdated(Profile profile) {}

  /** A profile was deleted with everything it held. */
  default void profileDeleted(String profileId) {}

  /**
   * Profiles were merged: {@code absorbedIds} no longer exist and now resolve to {@code survivor},
   * which holds their identifiers, events and history. Published instead of a deletion of the
   * absorbed profiles and an update of the survivor.
   */
  default void profilesMerged(Profile survivor, List<String> absorbedIds) {}

  /** A source profile was taken back out of {@code survivor} and exists again as {@code restored}. */
  default void profileUnmerged(Profile survivor, Profile restored) {}

  /** An event was stored (not called for an idempotent repeat); with its owner after the call. */
  default void eventStored(Event event, Profile profile) {}

  /**
   * The events one ingest call stored, in the order it stored them, after their {@link
   * #eventStored} notices and the call's others: a listener that writes for each event (a durable
   * inbox, for example) writes once per call here instead. Not called when the call stored none.
   */
  default void eventsStored(List<Event> events) {}
}
