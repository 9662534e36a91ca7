package io.cdpkit.core.internal;

import io.cdpkit.core.CdpListener;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import java.util.function.Consumer;

/**
 * The notice that an event was stored, recognisable among a call's notices so that {@link
 * Listeners#publishAll} can also hand the call's events over at once.
 */
record EventNotice(Event event, Profile owner) implements Consumer<CdpListener> {
  @Override
  public void accept(CdpListener listener) {
    listener.eventStored(event, owner);
  }
}
