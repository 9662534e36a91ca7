package io.cdpkit.workflows;

import java.time.Duration;
import java.util.Objects;

/**
 * Whether a profile may enter a workflow again. Whatever the policy, a profile has at most one
 * active enrollment per workflow. Immutable.
 *
 * @param kind the rule
 * @param coolDown the least time between the end of one enrollment and the next entry; zero
 *     except for {@link Kind#AFTER_COOL_DOWN}
 */
public record ReEntryPolicy(Kind kind, Duration coolDown) {
  /** The re-entry rules. */
  public enum Kind {
    /** Once ever. */
    ONCE,
    /** Again once the previous enrollment ended. */
    AFTER_COMPLETION,
    /** Again once the previous enrollment ended at least the cool-down ago. */
    AFTER_COOL_DOWN
  }

  /**
   * @throws IllegalArgumentException for a negative cool-down, or a cool-down with another kind
   */
  public ReEntryPolicy {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(coolDown, "coolDown");
    if (coolDown.isNegative()) {
      throw new IllegalArgumentException("coolDown must not be negative, was " + coolDown);
    }
    if (kind != Kind.AFTER_COOL_DOWN && !coolDown.isZero()) {
      throw new IllegalArgumentException("only AFTER_COOL_DOWN takes a cool-down, kind was " + kind);
    }
  }

  public static ReEntryPolicy once() {
    return new ReEntryPolicy(Kind.ONCE, Duration.ZERO);
  }

  public static ReEntryPolicy afterCompletion() {
    return new ReEntryPolicy(Kind.AFTER_COMPLETION, Duration.ZERO);
  }

  public static ReEntryPolicy afterCoolDown(Duration coolDown) {
    return new ReEntryPolicy(Kind.AFTER_COOL_DOWN, coolDown);
  }
}
