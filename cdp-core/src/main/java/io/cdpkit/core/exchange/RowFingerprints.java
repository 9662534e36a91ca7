package io.cdpkit.core.exchange;

/**
 * The 64-bit fingerprints of the rows an import has read, so that a repeated row counts as a
 * duplicate. Kept in one {@code long[]} with open addressing: 8 to 16 bytes a row, where a {@code
 * HashSet<Long>} takes about 55 (115 MB for a file of 2,000,000 events). Not thread-safe.
 */
final class RowFingerprints {
  private static final int INITIAL_CAPACITY = 1 << 10;
  /** Marks a free slot; the fingerprint 0 itself is kept aside in {@link #hasZero}. */
  private static final long FREE = 0L;
  private long[] slots = new long[INITIAL_CAPACITY];
  private int size;
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
    if ((size + 1) * 4L > slots.length * 3L) {
      grow();
    }
    if (!insert(slots, fingerprint)) {
      return false;
    }
    size++;
    return true;
  }

  /** Inserts into {@code table}; false when it holds the fingerprint already. */
  private static boolean insert(long[] table, long fingerprint) {
    int mask = table.length - 1;
    // The low bits of FNV-1a are well mixed; spread the high ones in too.
    int slot = (int) (fingerprint ^ (fingerprint >>> 32)) & mask;
    while (table[slot] != FREE) {
      if (table[slot] == fingerprint) {
        return false;
      }
      slot = (slot + 1) & mask;
    }
    table[slot] = fingerprint;
    return true;
  }

  private void grow() {
    long[] larger = new long[slots.length * 2];
    for (long fingerprint : slots) {
      if (fingerprint != FREE) {
        insert(larger, fingerprint);
      }
    }
    slots = larger;
  }
}
