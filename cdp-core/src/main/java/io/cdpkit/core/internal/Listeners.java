package io.cdpkit.core.internal;

import io.cdpkit.core.CdpListener;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.event.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The registered listeners; delivers each notice to all of them, isolating their failures. */
public final class Listeners {
  private static final Logger log = LoggerFactory.getLogger(Listeners.class);

  private final List<CdpListener> listeners = new CopyOnWriteArrayList<>();

  public Listeners(List<CdpListener> initial) {
    listeners.addAll(initial);
  }

  public Subscription add(CdpListener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Publishes one call's notices in order, then {@link CdpListener#eventsStored} with the events
   * among them, when there are any.
   */
  public void publishAll(List<Consumer<CdpListener>> notices) {
    List<Event> stored = new ArrayList<>();
    for (Consumer<CdpListener> notice : notices) {
      publish(notice);
      if (notice instanceof EventNotice event) {
        stored.add(event.event());
      }
    }
    if (!stored.isEmpty()) {
      List<Event> events = List.copyOf(stored);
      publish(listener -> listener.eventsStored(events));
    }
  }

  public void publish(Consumer<CdpListener> notice) {
    for (CdpListener listener : listeners) {
      try {
        notice.accept(listener);
      } catch (RuntimeException e) {
        log.warn("Listener {} failed; the change is stored and other listeners still run", listener, e);
      }
    }
  }
}
