package io.cdpkit.core.spi;

/**
 * One-way hashes of erased identifiers, kept (when the user chooses so) so that later events
 * carrying them are dropped instead of re-creating the erased person.
 */
public interface SuppressionList {

  /** Adds a hash; adding one twice keeps one. */
  void add(String hash);

  boolean contains(String hash);
}
