package io.cdpkit.segments.spi;

import io.cdpkit.segments.insights.ComputedAttribute;
import java.util.List;

/**
 * Where computed attribute definitions live, so that every process on one store reads {@code
 * $computed.NAME} the same way: define an attribute once (from the command line, an app or {@code
 * cdp serve}) and every platform built on the store afterwards knows it. Values are not stored:
 * each process keeps them from the events. Implementations are thread-safe and read no cached
 * copy another process may have changed; a new one passes {@code ComputedAttributeStoreContract}
 * from this module's test-jar.
 */
public interface ComputedAttributeStore {

  /** Adds the definition, or replaces the one with its name. */
  void save(ComputedAttribute attribute);

  /** Every definition, by name. */
  List<ComputedAttribute> list();

  /** Removes the named definition; returns false when there was none. */
  boolean delete(String name);
}
