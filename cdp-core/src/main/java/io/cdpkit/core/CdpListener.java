package io.cdpkit.core;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;

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

  /** An event was stored (not called for an idempotent repeat); with its owner after the call. */
  default void eventStored(Event event, Profile profile) {}
}
