package io.cdpkit.segments.memory;

import io.cdpkit.segments.insights.ComputedAttribute;
import io.cdpkit.segments.spi.ComputedAttributeStore;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;

/** A {@link ComputedAttributeStore} in memory. Thread-safe; nothing survives the process. */
public final class InMemoryComputedAttributeStore implements ComputedAttributeStore {
  private final ConcurrentSkipListMap<String, ComputedAttribute> definitions =
      new ConcurrentSkipListMap<>();

  @Override
  public void save(ComputedAttribute attribute) {
    Objects.requireNonNull(attribute, "attribute");
    definitions.put(attribute.name(), attribute);
  }

  @Override
  public List<ComputedAttribute> list() {
    return List.copyOf(definitions.values());
  }

  @Override
  public boolean delete(String name) {
    return definitions.remove(Objects.requireNonNull(name, "name")) != null;
  }
}
