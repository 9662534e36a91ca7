package io.cdpkit.core.exchange;

import java.util.Objects;

/**
 * Why one row of an import was rejected.
 *
 * @param line the 1-based line of the file the row starts on; 0 for a failure of the whole import
 *     (a strict import whose single transaction failed)
 * @param reason what is wrong, naming the column or field and the value
 */
public record RowError(long line, String reason) {

  public RowError {
    if (line < 0) {
      throw new IllegalArgumentException("line must be 0 or more, was " + line);
    }
    Objects.requireNonNull(reason, "reason");
  }

  /** {@code line 7: reason}. */
  @Override
  public String toString() {
    return "line " + line + ": " + reason;
  }
}
