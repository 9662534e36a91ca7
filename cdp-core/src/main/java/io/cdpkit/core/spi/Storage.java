package io.cdpkit.core.spi;

import java.util.function.Function;

/**
 * Where a Cdp keeps its data, and the transaction boundary around it. Implementations are
 * thread-safe.
 *
 * <p>{@link #write} runs one unit of work atomically: every change it makes is kept, or, when it
 * throws, none is. Writes are serialisable, so a write sees every write committed before it. A
 * store shared by several processes may abort a write that conflicts with another and run its
 * work again on a fresh transaction: work must keep no effects outside the session from one run to
 * the next. {@link #read} sees one consistent snapshot and never blocks writers for long.
 */
public interface Storage extends AutoCloseable {

  /**
   * Runs {@code work} in one atomic read-write transaction and returns its result.
   *
   * @throws io.cdpkit.core.StorageException when the store fails; nothing of the work is kept
   */
  <T> T write(Function<? super StorageSession, T> work);

  /**
   * Runs {@code work} against a consistent snapshot; the session's write methods throw.
   * Streams and iterators taken from the session are valid only inside {@code work}.
   */
  <T> T read(Function<? super StorageSession, T> work);

  /** Releases files and connections; later calls throw {@link IllegalStateException}. */
  @Override
  void close();

  /**
   * Called after a transaction that erased or anonymised personal data has committed: a store
   * removes what it still keeps of the deleted rows outside its live data (old page images in a
   * log, for example), so that erasure leaves no bytes behind. Does nothing by default.
   */
  default void afterErasure() {}
}
