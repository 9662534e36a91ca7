package io.cdpkit.platform.internal;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Closes parts in the reverse of the order they were opened, so that each part closes while
 * everything it uses is still open; every part is closed even when one fails, and the first
 * failure is thrown with the others suppressed. Not thread-safe.
 */
public final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> parts = new ArrayDeque<>();

  /** Registers {@code part}, to be closed before every part registered earlier. */
  public <T extends AutoCloseable> T register(T part) {
    parts.push(Objects.requireNonNull(part, "part"));
    return part;
  }

  /** True when no part is registered (or all were closed). */
  public boolean isEmpty() {
    return parts.isEmpty();
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    while (!parts.isEmpty()) {
      try {
        parts.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
