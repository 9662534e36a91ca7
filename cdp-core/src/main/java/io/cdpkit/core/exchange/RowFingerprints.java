package io.cdpkit.core.exchange;

/**
 * The 64-bit fingerprints of the rows an import has read, so that a repeated row counts as a
 * duplicate. Kept in {@code long[]} tables with open addressing, 8 to 16 bytes a row, where a
 * {@code HashSet<Long>} takes about 55 (115 MB for a file of 2,000,000 events). The fingerprints are
 * spread over {@value #TABLES} tables that grow one at a time, so that growing never needs the old
 * and the new copy of all of them at once. Not thread-safe.
 */
final class RowFingerprints {
  private static final int TABLES = 64;
  private static final int INITIAL_CAPACITY = 64;
  /** Marks a free slot; the fingerprint 0 itself is kept aside in {@link #hasZero}. */
  private static final long FREE = 0L;
  private final long[][] tables = new long[TABLES][];
  private final int[] sizes = new int[TABLES];
  private boolean hasZero;

  /** 64-bit FNV-1a of the text: collisions are negligible at the sizes of a file. */
  static long of(String text) {
    long fingerprint = 0xcbf29ce484222325L;
    for (int i = 0; i < text.length(); i++) {
      fingerprint = (fingerprint ^ text.charAt(i)) * 0x100000001b3L;
    }
    return fingerprint;
  }

  /** Adds the fingerprint; returns false when it was added before. */
  boolean add(long fingerprint) {
    if (fingerprint == FREE) {
      boolean first = !hasZero;
      hasZero = true;
      return first;
    }
    // The top bits choose the table, the low ones the slot: both are well mixed by FNV-1a.
    int table = (int) (fingerprint >>> 58);
    if (tables[table] == null) {
      tables[table] = new long[INITIAL_CAPACITY];
    }
    if ((sizes[table] + 1) * 4L > tables[table].length * 3L) {
      tables[table] = grown(tables[table]);
    }
    if (!insert(tables[table], fingerprint)) {
      return false;
    }
    sizes[table]++;
    return true;
  }

  /** Inserts into {@code table}; false when it holds the fingerprint already. */
  private static boolean insert(long[] table, long fingerprint) {
    int mask = table.length - 1;
    int slot = (int) (fingerprint ^ (fingerprint >>> 29)) & mask;
    while (table[slot] != FREE) {
      if (table[slot] == fingerprint) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    table[slot] = fingerprint;
    return true;
  }

  private static long[] grown(long[] table) {
    long[] larger = new long[table.length * 2];
    for (long fingerprint : table) {
      if (fingerprint != FREE) {
        insert(larger, fingerprint);
      }
    }
    return larger;
  }
}
