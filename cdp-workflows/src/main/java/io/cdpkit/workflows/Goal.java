package io.cdpkit.workflows;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a workflow wants its profiles to do, for conversion figures and exit-on-goal: a segment
 * expression the profile comes to match, or an event (optionally filtered) stored after the
 * profile entered. Immutable and thread-safe.
 *
 * <pre>{@code
 * Goal.matches("lifetime_value > 100");
 * Goal.event("purchase", null);
 * Goal.event("purchase", "amount > 20");
 * }</pre>
 */
public sealed interface Goal permits Goal.SegmentGoal, Goal.EventGoal {

  /** The profile matches the segment expression. */
  static SegmentGoal matches(String expression) {
    return new SegmentGoal(expression);
  }

  /** An event of the type, where the filter holds if one is given, at or after entry. */
  static EventGoal event(String eventType, @Nullable String filter) {
    return new EventGoal(eventType, filter);
  }

  /** The profile matches a segment expression. */
  record SegmentGoal(String expression) implements Goal {
    public SegmentGoal {
      Objects.requireNonNull(expression, "expression");
    }
  }

  /** An event of a type happened at or after the enrollment started. */
  record EventGoal(String eventType, @Nullable String filter) implements Goal {
    public EventGoal {
      Objects.requireNonNull(eventType, "eventType");
    }

    public Optional<String> findFilter() {
      return Optional.ofNullable(filter);
    }
  }
}
