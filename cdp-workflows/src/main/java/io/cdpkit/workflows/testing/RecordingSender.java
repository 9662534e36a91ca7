package io.cdpkit.workflows.testing;

import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What the recording senders share: a log of every request in arrival order, a script of outcomes
 * for the next sends, and idempotency-key counts. Each send is recorded first; then the next
 * scripted reply answers it, or, when the script is empty, the fallback does (delivered with an id
 * {@code recorded-N}, or the sender this one forwards to). A scripted reply never reaches the
 * forwarded-to sender.
 *
 * <p>Thread-safe: sends, script changes and reads may come from any thread; reads return copies.
 *
 * @param <R> the request type
 * @param <S> the concrete recorder, returned by the fluent script methods
 */
public abstract class RecordingSender<R, S extends RecordingSender<R, S>> {
  /** The reason of the failures {@link #failFirst(int)} scripts. */
  public static final String SCRIPTED_FAILURE = "scripted retryable failure";

  private final Function<R, IdempotencyKey> keyOf;
  private final Function<R, DeliveryOutcome> fallback;
  private final List<R> requests = new ArrayList<>();
  private final Deque<Function<R, DeliveryOutcome>> script = new ArrayDeque<>();
  private final AtomicLong delivered = new AtomicLong();

  /**
   * @param keyOf reads a request's idempotency key
   * @param forwardTo the sender to forward unscripted sends to, or {@code null} to answer them
   *     {@link DeliveryOutcome.Delivered} with id {@code recorded-N}
   */
  protected RecordingSender(
      Function<R, IdempotencyKey> keyOf, @Nullable Function<R, DeliveryOutcome> forwardTo) {
    this.keyOf = Objects.requireNonNull(keyOf, "keyOf");
    this.fallback =
        forwardTo != null
            ? forwardTo
            : request -> DeliveryOutcome.delivered("recorded-" + delivered.incrementAndGet());
  }

  /** This recorder, for fluent returns. */
  protected abstract S self();

  /** Records the request and answers it; call from the port's {@code send}. */
  protected final DeliveryOutcome record(R request) {
    Objects.requireNonNull(request, "request");
    Function<R, DeliveryOutcome> reply;
    synchronized (this) {
      requests.add(request);
      reply = script.poll();
    }
    DeliveryOutcome outcome = (reply == null ? fallback : reply).apply(request);
    return Objects.requireNonNull(outcome, "a sender answered null");
  }

  /** The next sends answer these outcomes, in order, before the fallback applies again. */
  public final S thenReturn(DeliveryOutcome... outcomes) {
    List<Function<R, DeliveryOutcome>> replies = new ArrayList<>();
    for (DeliveryOutcome outcome : outcomes) {
      Objects.requireNonNull(outcome, "outcome");
      replies.add(request -> outcome);
    }
    synchronized (this) {
      script.addAll(replies);
    }
    return self();
  }

  /**
   * The next {@code times} sends answer a retryable failure with reason {@value
   * #SCRIPTED_FAILURE}.
   */
  public final S failFirst(int times) {
    if (times < 0) {
      throw new IllegalArgumentException("times must not be negative, was " + times);
    }
    DeliveryOutcome failure = DeliveryOutcome.retryable(SCRIPTED_FAILURE);
    synchronized (this) {
      for (int i = 0; i < times; i++) {
        script.add(request -> failure);
      }
    }
    return self();
  }

  /** The next send throws {@code exception}, as a broken sender would; it is still recorded. */
  public final S thenThrow(RuntimeException exception) {
    Objects.requireNonNull(exception, "exception");
    synchronized (this) {
      script.add(
          request -> {
            throw exception;
          });
    }
    return self();
  }

  /** Every request so far, in arrival order. */
  public final synchronized List<R> requests() {
    return List.copyOf(requests);
  }

  /** How many sends were made. */
  public final synchronized int sendCount() {
    return requests.size();
  }

  /** The latest request, if any. */
  public final synchronized Optional<R> findLastRequest() {
    return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
  }

  /**
   * The latest request.
   *
   * @throws IllegalStateException when nothing was sent
   */
  public final R lastRequest() {
    return findLastRequest().orElseThrow(() -> new IllegalStateException("nothing was sent"));
  }

  /** The distinct idempotency keys sent, in order of first use. */
  public final synchronized Set<IdempotencyKey> idempotencyKeys() {
    Set<IdempotencyKey> keys = new LinkedHashSet<>();
    for (R request : requests) {
      keys.add(keyOf.apply(request));
    }
    return Collections.unmodifiableSet(keys);
  }

  /**
   * How many distinct idempotency keys were sent; equals {@link #sendCount()} when none repeats.
   */
  public final int distinctIdempotencyKeyCount() {
    return idempotencyKeys().size();
  }

  /**
   * How many distinct sends were made, counting the attempts of one send (same enrollment and
   * step) once: what a receiver that deduplicates by enrollment and step would see.
   */
  public final synchronized int distinctSendCount() {
    Set<List<String>> sends = new LinkedHashSet<>();
    for (R request : requests) {
      IdempotencyKey key = keyOf.apply(request);
      sends.add(List.of(key.enrollmentId(), key.stepId()));
    }
    return sends.size();
  }

  /** True when some idempotency key was sent more than once. */
  public final boolean hasDuplicateKeys() {
    return distinctIdempotencyKeyCount() != sendCount();
  }

  /** The requests sent with this key, in order. */
  public final synchronized List<R> requestsWith(IdempotencyKey key) {
    Objects.requireNonNull(key, "key");
    return requests.stream().filter(r -> keyOf.apply(r).equals(key)).toList();
  }

  /** Forgets every request and every scripted outcome not yet used. */
  public final synchronized void clear() {
    requests.clear();
    script.clear();
  }
}
