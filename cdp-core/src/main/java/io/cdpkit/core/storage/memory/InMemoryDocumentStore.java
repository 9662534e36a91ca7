package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.DocumentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** {@link DocumentStore#inMemory()}: maps under one lock. Thread-safe. */
public final class InMemoryDocumentStore implements DocumentStore {
  private final Map<String, String> documents = new HashMap<>();
  private final Map<String, Lease> claims = new HashMap<>();

  @Override
  public synchronized Optional<String> find(String name) {
    Objects.requireNonNull(name, "name");
    return Optional.ofNullable(documents.get(name));
  }

  @Override
  public synchronized void put(String name, String json) {
    documents.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(json, "json"));
  }

  @Override
  public synchronized boolean claim(String name, String owner, Instant now, Duration lease) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(now, "now");
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("lease must be positive, was " + lease);
    }
    Lease held = claims.get(name);
    if (held != null && !held.owner().equals(owner) && held.until().isAfter(now)) {
      return false;
    }
    claims.put(name, new Lease(owner, now.plus(lease)));
    return true;
  }

  @Override
  public synchronized void release(String name, String owner) {
    Objects.requireNonNull(owner, "owner");
    Lease held = claims.get(Objects.requireNonNull(name, "name"));
    if (held != null && held.owner().equals(owner)) {
      claims.remove(name);
    }
  }

  private record Lease(String owner, Instant until) {}
}
