package io.cdpkit.core.storage.memory;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.StorageSession;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A thread-safe store on the heap, for tests and short-lived processes; nothing survives {@link
 * #close()}. Writes are serialised by one lock and atomic through an undo log: a write that throws
 * leaves no trace. A write nested in a write joins the outer transaction.
 */
public final class InMemoryStorage implements Storage {
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private final MemoryData data = new MemoryData();
  private final ThreadLocal<Deque<Runnable>> undo = new ThreadLocal<>();
  private volatile boolean closed;

  private InMemoryStorage() {}

  /** A new, empty store. */
  public static InMemoryStorage create() {
    return new InMemoryStorage();
  }

  @Override
  public <T> T write(Function<? super StorageSession, T> work) {
    Objects.requireNonNull(work, "work");
    checkOpen();
    lock.writeLock().lock();
    Deque<Runnable> outer = undo.get();
    try {
      if (outer != null) {
        return work.apply(new MemorySession(new MemoryTransaction(data, outer)));
      }
      Deque<Runnable> log = new ArrayDeque<>();
      undo.set(log);
      try {
        return work.apply(new MemorySession(new MemoryTransaction(data, log)));
      } catch (RuntimeException | Error e) {
        while (!log.isEmpty()) {
          log.pop().run();
        }
        throw e;
      } finally {
        undo.remove();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }

  @Override
  public <T> T read(Function<? super StorageSession, T> work) {
    Objects.requireNonNull(work, "work");
    checkOpen();
    lock.readLock().lock();
    try {
      return work.apply(new MemorySession(new MemoryTransaction(data, null)));
    } finally {
      lock.readLock().unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("InMemoryStorage is closed");
    }
  }

  @Override
  public String toString() {
    return "InMemoryStorage";
  }
}
