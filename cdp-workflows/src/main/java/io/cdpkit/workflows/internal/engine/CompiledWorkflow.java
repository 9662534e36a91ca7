package io.cdpkit.workflows.internal.engine;

import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.workflows.Goal;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.internal.render.EmailStepTemplate;
import io.cdpkit.workflows.internal.render.HttpStepTemplate;
import io.cdpkit.workflows.internal.render.MessageStepTemplate;
import io.cdpkit.workflows.internal.render.TagSource;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/*
 * A validated workflow version prepared for running: steps by id, the step that follows each one
 * (so an enrollment's position is just a step id, even inside a branch or an event wait's paths),
 * and every expression and template compiled once.
 */

/** One workflow version, compiled for the engine. Immutable and thread-safe. */
final class CompiledWorkflow {
  final Workflow workflow;
  final @Nullable String firstStepId;
  final Map<String, Step> steps = new HashMap<>();
  private final Map<String, @Nullable String> next = new HashMap<>();
  final Map<String, CompiledSegment> conditions = new HashMap<>();
  final Map<String, EmailStepTemplate> emails = new HashMap<>();
  final Map<String, MessageStepTemplate> messages = new HashMap<>();
  final Map<String, HttpStepTemplate> calls = new HashMap<>();
  final Map<String, TagSource> dateFields = new HashMap<>();
  /** The event types some wait step of this version waits for. */
  final Set<String> awaitedEvents = new HashSet<>();
  final @Nullable CompiledSegment goal;
  final @Nullable CompiledSegment triggerFilter;

  CompiledWorkflow(Workflow workflow) {
    this.workflow = workflow;
    this.firstStepId = workflow.steps().isEmpty() ? null : workflow.steps().get(0).id();
    walk(workflow.steps(), null);
    Goal g = workflow.goal();
    if (g instanceof Goal.SegmentGoal segment) {
      goal = SegmentExpression.parse(segment.expression()).compile();
    } else if (g instanceof Goal.EventGoal event) {
      goal =
          SegmentExpression.parse(Definitions.eventExpression(event.eventType(), event.filter()))
              .compile();
    } else {
      goal = null;
    }
    if (workflow.trigger() instanceof Trigger.EventAdded added && added.filter() != null) {
      triggerFilter =
          SegmentExpression.parse(Definitions.eventExpression(added.eventType(), added.filter()))
              .compile();
    } else {
      triggerFilter = null;
    }
  }

  private void walk(List<Step> list, @Nullable String after) {
    for (int i = 0; i < list.size(); i++) {
      Step step = list.get(i);
      String following = i + 1 < list.size() ? list.get(i + 1).id() : after;
      steps.put(step.id(), step);
      next.put(step.id(), following);
      if (step instanceof Step.WaitUntilEvent wait) {
        awaitedEvents.add(wait.eventType());
        walk(wait.onEvent(), following);
        walk(wait.onTimeout(), following);
      } else if (step instanceof Step.Branch branch) {
        conditions.put(branch.id(), SegmentExpression.parse(branch.condition()).compile());
        walk(branch.then(), following);
        walk(branch.otherwise(), following);
      } else if (step instanceof Step.SendEmail email) {
        emails.put(
            email.id(), Definitions.emailTemplate(email, Definitions.tags(email.tags())));
      } else if (step instanceof Step.SendMessage message) {
        messages.put(
            message.id(), Definitions.messageTemplate(message, Definitions.tags(message.tags())));
      } else if (step instanceof Step.HttpCall call) {
        calls.put(call.id(), Definitions.httpTemplate(call, Definitions.tags(call.tags())));
      } else if (step instanceof Step.WaitUntilTime time) {
        dateFields.put(time.id(), TagSource.parse(time.field()));
      }
    }
  }

  /** The step after {@code stepId} once it is done, or null after the last. */
  @Nullable String after(String stepId) {
    return next.get(stepId);
  }

  /** The first step of a path, or the step after {@code owner} when the path is empty. */
  @Nullable String enter(List<Step> path, String owner) {
    return path.isEmpty() ? after(owner) : path.get(0).id();
  }
}
