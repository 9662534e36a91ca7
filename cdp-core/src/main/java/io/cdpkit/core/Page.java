package io.cdpkit.core;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One page of results and the cursor for the next page. Pass {@link #nextCursor()} back in the
 * next query; it is absent on the last page. Cursors are opaque and stable across processes.
 */
public record Page<T>(List<T> items, @Nullable String next) {

  public Page {
    items = List.copyOf(items);
  }

  public Optional<String> nextCursor() {
    return Optional.ofNullable(next);
  }

  public boolean hasNext() {
    return next != null;
  }
}
