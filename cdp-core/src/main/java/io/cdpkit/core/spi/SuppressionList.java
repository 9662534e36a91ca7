package io.cdpkit.core.spi;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * One-way hashes of erased identifiers, kept (when the user chooses so) so that later events
 * carrying them are dropped instead of re-creating the erased person.
 */
public interface SuppressionList {

  /** Adds a hash; adding one twice keeps one. */
  void add(String hash);

  boolean contains(String hash);

  /** Which of the hashes are on the list: one lookup for a batch. By default one each. */
  default Set<String> containedOf(Collection<String> hashes) {
    Set<String> contained = new HashSet<>();
    for (String hash : hashes) {
      if (contains(hash)) {
        contained.add(hash);
      }
    }
    return contained;
  }
}
