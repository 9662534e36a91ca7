package io.cdpkit.storage.jdbc;

import io.cdpkit.core.InvalidInputException;
import java.time.Instant;

/**
 * Instants as integer nanoseconds since the epoch: one column that sorts correctly, indexes
 * compactly and round-trips to the nanosecond. The range, 1677-09-21 to 2262-04-11, covers every
 * instant the model accepts (1900 to 2200).
 */
public final class Instants {
  private static final long NANOS = 1_000_000_000L;

  private Instants() {}

  /**
   * Nanoseconds since the epoch.
   *
   * @throws InvalidInputException naming {@code field} when the instant is outside the range
   */
  public static long toNanos(String field, Instant instant) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS), instant.getNano());
    } catch (ArithmeticException e) {
      throw new InvalidInputException(
          field, instant, "must be from 1677-09-21 to 2262-04-11 to be stored");
    }
  }

  /** Like {@link #toNanos}, clamped to the range: for bounds of queries, never stored. */
  public static long toNanosClamped(Instant instant) {
    try {
      return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS), instant.getNano());
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  public static Instant ofNanos(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS), Math.floorMod(nanos, NANOS));
  }
}
