package io.cdpkit.storage.sqlite;

/**
 * How hard a commit works to survive failures. Both levels run SQLite in WAL mode, so a transaction
 * is always atomic and the file is never left corrupt by a crash; they differ in what an
 * acknowledged write survives.
 */
public enum Durability {
  /**
   * {@code PRAGMA synchronous=FULL}: the write-ahead log is flushed to stable storage before a
   * write returns, so every acknowledged write survives a process crash and a power loss or
   * operating-system crash. Each commit costs one {@code fsync}; batch work into one {@code write}
   * (for example {@code Cdp.trackAll}) to amortise it. The default.
   */
  FULL,

  /**
   * {@code PRAGMA synchronous=NORMAL}: the log is flushed only at checkpoints. Every acknowledged
   * write survives a crash of the process (the data is in the operating system's cache), but the
   * most recent writes may be lost, never half-applied, on a power loss or operating-system crash.
   * Noticeably faster for many small writes.
   */
  NORMAL
}
