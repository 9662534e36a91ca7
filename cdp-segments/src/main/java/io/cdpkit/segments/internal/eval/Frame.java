package io.cdpkit.segments.internal.eval;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.EvaluationContext;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * One evaluation's inputs, created per call and confined to its thread. {@code depth} counts
 * nested {@code in segment} evaluations, to stop a reference loop the validation did not see.
 */
final class Frame {
  final Profile profile;
  final List<Event> events;
  final EvaluationContext context;
  final Instant now;
  final ZoneId zone;
  int depth;

  Frame(Profile profile, List<Event> events, EvaluationContext context) {
    this.profile = profile;
    this.events = events;
    this.context = context;
    this.now = context.now();
    this.zone = context.zone();
  }
}
