package io.cdpkit.segments.insights;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Tells whether what a read took from the store may be kept as current: not when its profile
 * changed after the read began, since the read may have missed that change. Stamps are kept only
 * while a read is in flight, so memory stays bounded. Not thread-safe: callers hold one lock.
 */
final class ChangeStamps {
  private long clock;
  private long everythingChangedAt;
  private int readsInFlight;
  private final Map<String, Long> changedAt = new HashMap<>();

  /** Starts a read; pass the returned start to the checks, and call {@link #endRead} after. */
  long beginRead() {
    readsInFlight++;
    return clock;
  }

  /** Ends a read begun with {@link #beginRead}. */
  void endRead() {
    if (--readsInFlight == 0) {
      changedAt.clear();
    }
  }

  /** Records that the profile changed now. */
  void changed(String profileId) {
    clock++;
    if (readsInFlight > 0) {
      changedAt.put(profileId, clock);
    }
  }

  /** Records that any profile may have changed now. */
  void everythingChanged() {
    everythingChangedAt = ++clock;
  }

  /** Whether {@link #everythingChanged} was not called since the read that began at {@code start}. */
  boolean nothingResetSince(long start) {
    return everythingChangedAt <= start;
  }

  /** Whether the profile is unchanged since the read that began at {@code start}. */
  boolean unchangedSince(String profileId, long start) {
    return everythingChangedAt <= start && changedAt.getOrDefault(profileId, 0L) <= start;
  }

  /** The profiles changed since the read that began at {@code start}. */
  Set<String> changedSince(long start) {
    return changedAt.entrySet().stream()
        .filter(e -> e.getValue() > start)
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }
}
