package io.cdpkit.core.consent;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many profiles are reachable on a channel, and why the others are not.
 *
 * @param unreachable counts per reason, in the order of {@link Reachability.Reason}
 */
public record ReachabilityCounts(
    String channel, long total, long reachable, Map<Reachability.Reason, Long> unreachable) {

  public ReachabilityCounts {
    EnumMap<Reachability.Reason, Long> ordered = new EnumMap<>(Reachability.Reason.class);
    ordered.putAll(unreachable);
    unreachable = Collections.unmodifiableMap(ordered);
  }

  public long unreachableTotal() {
    return total - reachable;
  }
}
