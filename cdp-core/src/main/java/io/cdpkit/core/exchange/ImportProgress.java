package io.cdpkit.core.exchange;

/**
 * Hears how an import advances, after each stored batch (and once at the end). Called on the
 * importing thread.
 */
@FunctionalInterface
public interface ImportProgress {

  /**
   * @param rowsRead data rows read so far (the header not counted)
   * @param rowsStored rows stored so far
   * @param rowsFailed rows rejected so far
   */
  void update(long rowsRead, long rowsStored, long rowsFailed);

  /** A listener that ignores every update. */
  static ImportProgress none() {
    return (read, stored, failed) -> {};
  }
}
