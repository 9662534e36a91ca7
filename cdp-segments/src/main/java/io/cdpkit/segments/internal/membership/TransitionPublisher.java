package io.cdpkit.segments.internal.membership;

import io.cdpkit.core.Subscription;
import io.cdpkit.segments.SegmentListener;
import io.cdpkit.segments.SegmentTransition;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the segment listeners of membership transitions, after the lock is released so a
 * listener may call back into segments or the Cdp; one failing listener does not stop the
 * others. In-transaction listeners are called earlier, inside the store's write of the change
 * (see SegmentStore.applyTransitions), and their failure fails that write. Thread-safe.
 */
final class TransitionPublisher {
  private static final Logger log = LoggerFactory.getLogger(DefaultSegments.class);

  private final List<SegmentListener> listeners = new CopyOnWriteArrayList<>();
  private final List<SegmentListener> inTransaction = new CopyOnWriteArrayList<>();

  Subscription subscribe(SegmentListener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
    return () -> listeners.remove(listener);
  }

  Subscription subscribeInTransaction(SegmentListener listener) {
    inTransaction.add(Objects.requireNonNull(listener, "listener"));
    return () -> inTransaction.remove(listener);
  }

  /** Called by the store inside the write that stored {@code transitions}; failures propagate. */
  void inTransaction(List<SegmentTransition> transitions) {
    for (SegmentTransition transition : transitions) {
      for (SegmentListener listener : inTransaction) {
        listener.onTransition(transition);
      }
    }
  }

  void publish(List<SegmentTransition> transitions) {
    for (SegmentTransition transition : transitions) {
      for (SegmentListener listener : listeners) {
        try {
          listener.onTransition(transition);
        } catch (RuntimeException e) {
          log.warn("Segment listener {} failed on {}; others still run", listener, transition, e);
        }
      }
    }
  }
}
