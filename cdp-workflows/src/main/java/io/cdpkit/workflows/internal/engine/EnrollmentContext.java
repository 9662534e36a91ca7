package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.internal.render.RenderContext;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Everything one advance of one enrollment reads, loaded at most once. Single-threaded. */
final class EnrollmentContext {
  final Enrollment start;
  final Instant now;
  private final ProfileReads reads;
  private @Nullable Profile profile;
  private boolean profileLoaded;
  private @Nullable List<Event> events;
  private @Nullable Event trigger;
  private boolean triggerLoaded;
  private @Nullable EvaluationContext evaluation;

  EnrollmentContext(Enrollment start, Instant now, ProfileReads reads) {
    this.start = start;
    this.now = now;
    this.reads = reads;
  }

  /** The enrolled profile, or null once it is deleted. */
  @Nullable Profile profile() {
    if (!profileLoaded) {
      profile = reads.findProfile(start.profileId()).orElse(null);
      profileLoaded = true;
    }
    return profile;
  }

  List<Event> events() {
    if (events == null) {
      Profile p = profile();
      events = p == null ? List.of() : reads.eventsOf(p.id());
    }
    return events;
  }

  /** The event that started the enrollment, or null. */
  @Nullable Event trigger() {
    if (!triggerLoaded) {
      String id = start.triggerEventId();
      trigger = id == null ? null : reads.findEvent(id).orElse(null);
      triggerLoaded = true;
    }
    return trigger;
  }

  RenderContext render(Profile p) {
    return new RenderContext(p, trigger());
  }

  EvaluationContext evaluation() {
    if (evaluation == null) {
      evaluation = reads.evaluation(now);
    }
    return evaluation;
  }
}
