package io.cdpkit.core.spi;

import io.cdpkit.core.storage.memory.InMemoryDocumentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Small named JSON documents that a module keeps once for every process on a store (such as the
 * latest prediction fit), and claims by name, so that among several processes exactly one does a
 * piece of shared work at a time. Implementations are thread-safe; each call is atomic.
 *
 * <p>A claim is a lease: its holder keeps it until it {@linkplain #release releases} it or the
 * lease ends, so a holder that dies gives the work up after the lease. Leases are judged by the
 * {@code now} the callers pass (their clocks), so the processes sharing a store must keep roughly
 * the same time; choose a lease much longer than they may disagree.
 */
public interface DocumentStore {

  /** The document saved under {@code name}, as JSON text; empty when none was saved. */
  Optional<String> find(String name);

  /** Saves {@code json} under {@code name}, replacing what was there. */
  void put(String name, String json);

  /**
   * Claims {@code name} for {@code owner} until {@code now} plus {@code lease}: true when the claim
   * was free at {@code now} (never taken, released, or its lease ended by then) or already held by
   * {@code owner} (whose lease it renews); false, changing nothing, while another owner holds it.
   * Of several callers claiming a free name at once, exactly one gets true.
   *
   * @throws IllegalArgumentException when {@code lease} is not positive
   */
  boolean claim(String name, String owner, Instant now, Duration lease);

  /** Ends {@code owner}'s claim on {@code name}; does nothing when another owner holds it or none. */
  void release(String name, String owner);

  /** A store in memory, empty at first, for one process. */
  static DocumentStore inMemory() {
    return new InMemoryDocumentStore();
  }
}
