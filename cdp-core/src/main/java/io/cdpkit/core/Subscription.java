package io.cdpkit.core;

/** A registered listener; {@link #close()} unregisters it. Idempotent and thread-safe. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
