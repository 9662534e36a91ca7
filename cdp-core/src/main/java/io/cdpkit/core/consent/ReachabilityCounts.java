package io.cdpkit.core.consent;

import java.util.Map;

/** How many profiles are reachable on a channel, and why the others are not. */
public record ReachabilityCounts(
    String channel, long total, long reachable, Map<Reachability.Reason, Long> unreachable) {

  public ReachabilityCounts {
    unreachable = Map.copyOf(unreachable);
  }

  public long unreachableTotal() {
    return total - reachable;
  }
}
