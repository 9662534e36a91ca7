package io.cdpkit.storage.sqlite;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link SqliteStorage}: durability, lock waiting, cache sizes and the number of
 * reader connections. Immutable and validated on construction; start from {@link #defaults()} or
 * {@link #builder()}, or change one field with {@link #toBuilder()}.
 *
 * <pre>{@code
 * SqliteOptions options = SqliteOptions.builder()
 *     .durability(Durability.NORMAL)
 *     .busyTimeout(Duration.ofSeconds(2))
 *     .build();
 * }</pre>
 *
 * @param durability what an acknowledged write survives; see {@link Durability}
 * @param busyTimeout how long a statement waits for a lock held by another connection or process
 *     before failing with a {@link io.cdpkit.core.StorageException}; 0 to 10 minutes
 * @param pageCacheKib SQLite's page cache per connection, in KiB; 64 KiB to 16 GiB
 * @param profileCacheSize how many profiles the shared profile cache keeps; 0 turns it off
 * @param identifierCacheSize how many identifier rows (and per-profile identifier lists) the shared
 *     identifier cache keeps; 0 turns it off
 * @param readerPoolSize how many read-only connections serve {@link SqliteStorage#read}
 *     concurrently; 1 to 64 (an in-memory store reads through its single connection)
 * @param maxDatabaseBytes the largest the database file may grow; writes that need more space fail
 *     with a {@link io.cdpkit.core.StorageException}; {@link #UNLIMITED} by default
 */
public record SqliteOptions(
    Durability durability,
    Duration busyTimeout,
    int pageCacheKib,
    long profileCacheSize,
    long identifierCacheSize,
    int readerPoolSize,
    long maxDatabaseBytes) {

  /** No limit on the size of the database file beyond SQLite's own. */
  public static final long UNLIMITED = Long.MAX_VALUE;

  static final Duration MAX_BUSY_TIMEOUT = Duration.ofMinutes(10);
  static final int MIN_PAGE_CACHE_KIB = 64;
  static final int MAX_PAGE_CACHE_KIB = 16 * 1024 * 1024;
  static final int MAX_READERS = 64;
  static final long MIN_DATABASE_BYTES = 64 * 1024;

  private static final SqliteOptions DEFAULTS =
      new SqliteOptions(
          Durability.FULL, Duration.ofSeconds(5), 16 * 1024, 10_000, 100_000, 4, UNLIMITED);

  /**
   * Validates every field.
   *
   * @throws IllegalArgumentException naming the field, its value and the allowed range
   */
  public SqliteOptions {
    Objects.requireNonNull(durability, "durability");
    requireBusyTimeout(busyTimeout);
    requireRange("pageCacheKib", pageCacheKib, MIN_PAGE_CACHE_KIB, MAX_PAGE_CACHE_KIB);
    requireRange("profileCacheSize", profileCacheSize, 0, Integer.MAX_VALUE);
    requireRange("identifierCacheSize", identifierCacheSize, 0, Integer.MAX_VALUE);
    requireRange("readerPoolSize", readerPoolSize, 1, MAX_READERS);
    requireRange("maxDatabaseBytes", maxDatabaseBytes, MIN_DATABASE_BYTES, UNLIMITED);
  }

  /**
   * Full durability, a 5 second busy timeout, a 16 MiB page cache per connection, 10,000 cached
   * profiles, 100,000 cached identifiers, 4 readers and no size limit.
   */
  public static SqliteOptions defaults() {
    return DEFAULTS;
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static Duration requireBusyTimeout(Duration busyTimeout) {
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    if (busyTimeout.isNegative() || busyTimeout.compareTo(MAX_BUSY_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "busyTimeout was " + busyTimeout + "; must be from PT0S to " + MAX_BUSY_TIMEOUT);
    }
    return busyTimeout;
  }

  private static void requireRange(String field, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " was " + value + "; must be from " + min + " to " + max);
    }
  }

  /** Builds {@link SqliteOptions}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private Durability durability;
    private Duration busyTimeout;
    private int pageCacheKib;
    private long profileCacheSize;
    private long identifierCacheSize;
    private int readerPoolSize;
    private long maxDatabaseBytes;

    private Builder(SqliteOptions from) {
      this.durability = from.durability;
      this.busyTimeout = from.busyTimeout;
      this.pageCacheKib = from.pageCacheKib;
      this.profileCacheSize = from.profileCacheSize;
      this.identifierCacheSize = from.identifierCacheSize;
      this.readerPoolSize = from.readerPoolSize;
      this.maxDatabaseBytes = from.maxDatabaseBytes;
    }

    /** See {@link SqliteOptions#durability()}. */
    public Builder durability(Durability durability) {
      this.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /**
     * See {@link SqliteOptions#busyTimeout()}.
     *
     * @throws IllegalArgumentException when out of range
     */
    public Builder busyTimeout(Duration busyTimeout) {
      this.busyTimeout = requireBusyTimeout(busyTimeout);
      return this;
    }

    /**
     * See {@link SqliteOptions#pageCacheKib()}.
     *
     * @throws IllegalArgumentException when out of range
     */
    public Builder pageCacheKib(int pageCacheKib) {
      requireRange("pageCacheKib", pageCacheKib, MIN_PAGE_CACHE_KIB, MAX_PAGE_CACHE_KIB);
      this.pageCacheKib = pageCacheKib;
      return this;
    }

    /**
     * See {@link SqliteOptions#profileCacheSize()}.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder profileCacheSize(long profileCacheSize) {
      requireRange("profileCacheSize", profileCacheSize, 0, Integer.MAX_VALUE);
      this.profileCacheSize = profileCacheSize;
      return this;
    }

    /**
     * See {@link SqliteOptions#identifierCacheSize()}.
     *
     * @throws IllegalArgumentException when negative
     */
    public Builder identifierCacheSize(long identifierCacheSize) {
      requireRange("identifierCacheSize", identifierCacheSize, 0, Integer.MAX_VALUE);
      this.identifierCacheSize = identifierCacheSize;
      return this;
    }

    /**
     * See {@link SqliteOptions#readerPoolSize()}.
     *
     * @throws IllegalArgumentException when out of range
     */
    public Builder readerPoolSize(int readerPoolSize) {
      requireRange("readerPoolSize", readerPoolSize, 1, MAX_READERS);
      this.readerPoolSize = readerPoolSize;
      return this;
    }

    /**
     * See {@link SqliteOptions#maxDatabaseBytes()}.
     *
     * @throws IllegalArgumentException below 64 KiB
     */
    public Builder maxDatabaseBytes(long maxDatabaseBytes) {
      requireRange("maxDatabaseBytes", maxDatabaseBytes, MIN_DATABASE_BYTES, UNLIMITED);
      this.maxDatabaseBytes = maxDatabaseBytes;
      return this;
    }

    /** The options; every field was already checked. */
    public SqliteOptions build() {
      return new SqliteOptions(
          durability,
          busyTimeout,
          pageCacheKib,
          profileCacheSize,
          identifierCacheSize,
          readerPoolSize,
          maxDatabaseBytes);
    }
  }
}
