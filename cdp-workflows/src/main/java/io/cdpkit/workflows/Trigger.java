package io.cdpkit.workflows;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What starts an enrollment. Triggers only enqueue work: the engine matches and enrolls on its
 * own thread ({@link WorkflowEngine#runDue}), never on the thread that stored the change.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Trigger.enteredSegment("new_registrations");
 * Trigger.eventAdded("ticket_bought").wherePropertyEquals("festival", "The Festival 2018");
 * Trigger.eventAdded("ticket_bought").whereFilter("price > 50");
 * Trigger.broadcastOnly();
 * }</pre>
 */
public sealed interface Trigger
    permits Trigger.EnteredSegment, Trigger.LeftSegment, Trigger.EventAdded,
        Trigger.BroadcastOnly {

  /** A profile enters the saved segment (only transitions after the workflow was enabled). */
  static EnteredSegment enteredSegment(String segment) {
    return new EnteredSegment(segment);
  }

  /** A profile leaves the saved segment (only transitions after the workflow was enabled). */
  static LeftSegment leftSegment(String segment) {
    return new LeftSegment(segment);
  }

  /** An event of the type is stored, whatever its properties. */
  static EventAdded eventAdded(String eventType) {
    return new EventAdded(eventType, null, null, null);
  }

  /** Nothing starts it but {@link WorkflowEngine#broadcast}. */
  static BroadcastOnly broadcastOnly() {
    return new BroadcastOnly();
  }

  /** Profile enters a saved segment. */
  record EnteredSegment(String segment) implements Trigger {
    public EnteredSegment {
      Objects.requireNonNull(segment, "segment");
    }
  }

  /** Profile leaves a saved segment. */
  record LeftSegment(String segment) implements Trigger {
    public LeftSegment {
      Objects.requireNonNull(segment, "segment");
    }
  }

  /**
   * An event of a type is stored; optionally only where one property equals a value (compared as
   * text: {@code 42} equals {@code "42"}), or where a filter in the segment language holds (the
   * part after {@code where} in {@code event "TYPE" where (FILTER)}).
   *
   * @param eventType the event type
   * @param property the property compared, or null
   * @param equalsValue the value it must equal, or null (both or neither)
   * @param filter a segment-language filter on the event, or null
   */
  record EventAdded(
      String eventType,
      @Nullable String property,
      @Nullable String equalsValue,
      @Nullable String filter)
      implements Trigger {
    public EventAdded {
      Objects.requireNonNull(eventType, "eventType");
    }

    /** A copy that fires only where {@code property} equals {@code value}. */
    public EventAdded wherePropertyEquals(String property, String value) {
      return new EventAdded(
          eventType,
          Objects.requireNonNull(property, "property"),
          Objects.requireNonNull(value, "value"),
          filter);
    }

    /** A copy that fires only where the segment-language filter holds on the event. */
    public EventAdded whereFilter(String filter) {
      return new EventAdded(
          eventType, property, equalsValue, Objects.requireNonNull(filter, "filter"));
    }

    public Optional<String> findFilter() {
      return Optional.ofNullable(filter);
    }
  }

  /** Started only by a broadcast. */
  record BroadcastOnly() implements Trigger {}
}
