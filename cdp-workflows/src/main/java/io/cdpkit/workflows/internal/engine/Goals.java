package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.Goal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Whether an enrollment's profile met its workflow's goal. */
final class Goals {
  private Goals() {}

  /**
   * True when the goal holds for the profile; an event goal counts only events since the
   * enrollment started.
   */
  static boolean met(CompiledWorkflow cw, Enrollment e, Profile profile, EnrollmentContext context) {
    CompiledSegment goal = Objects.requireNonNull(cw.goal);
    List<Event> events = context.events();
    if (cw.workflow.goal() instanceof Goal.EventGoal) {
      List<Event> since = new ArrayList<>();
      for (Event event : events) {
        if (!event.timestamp().isBefore(e.enteredAt())) {
          since.add(event);
        }
      }
      events = since;
    }
    return goal.evaluate(profile, events, context.evaluation());
  }
}
