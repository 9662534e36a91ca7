package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine.Signal;
import io.cdpkit.workflows.internal.engine.StepResult.Cancel;
import io.cdpkit.workflows.internal.engine.StepResult.Fail;
import io.cdpkit.workflows.internal.engine.StepResult.Next;
import io.cdpkit.workflows.internal.engine.StepResult.Retry;
import io.cdpkit.workflows.internal.engine.StepResult.WaitUntil;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.StaleEnrollmentException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/*
 * An enrollment's position is a step id; CompiledWorkflow knows what follows each step. Timed
 * steps are pure functions of (stepStartedAt, now, data), so waking, pausing and restarting need
 * no extra bookkeeping: a step that is run again decides again.
 */

/**
 * Advances due enrollments: each one step after another until it waits, ends or yields; checks
 * the goal before each step; runs waits and branches itself and hands sends to {@link SendStep}.
 * Call under the engine's lock.
 */
final class StepRunner {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);
  private static final int MAX_STEPS_PER_ADVANCE = 10_000;

  private final EnrollmentStore store;
  private final WorkflowRegistry registry;
  private final EnrollmentTransitions transitions;
  private final SendStep sendStep;
  private final ProfileReads reads;
  private final int batchSize;

  StepRunner(
      EnrollmentStore store,
      WorkflowRegistry registry,
      EnrollmentTransitions transitions,
      SendStep sendStep,
      ProfileReads reads,
      int batchSize) {
    this.store = store;
    this.registry = registry;
    this.transitions = transitions;
    this.sendStep = sendStep;
    this.reads = reads;
    this.batchSize = batchSize;
  }

  /** Advances every enrollment due at {@code now}, each at most once; returns how many. */
  int runDue(Instant now) {
    int advanced = 0;
    Set<String> seen = new HashSet<>();
    while (true) {
      List<Enrollment> due = store.due(now, batchSize);
      boolean progressed = false;
      for (Enrollment e : due) {
        if (seen.add(e.id())) {
          advance(e, now);
          advanced++;
          progressed = true;
        }
      }
      if (!progressed) {
        return advanced;
      }
    }
  }

  private void advance(Enrollment start, Instant now) {
    MDC.put("cdp.workflow", start.workflow());
    MDC.put("cdp.enrollment", start.id());
    try {
      CompiledWorkflow cw = registry.compiled(start.workflow(), start.version());
      EnrollmentContext context = new EnrollmentContext(start, now, reads);
      Enrollment e = start;
      if (e.state() == EnrollmentState.WAITING) {
        e = transitions.apply(e, Signal.WAKE, now, now, null);
      }
      for (int guard = 0; guard < MAX_STEPS_PER_ADVANCE && e != null
          && e.state() == EnrollmentState.ACTIVE; guard++) {
        e = step(cw, e, context);
      }
      if (e == null) {
        return;
      }
      if (e.state() == EnrollmentState.ACTIVE) {
        e = transitions.apply(
            e.note(now, "yielded after " + MAX_STEPS_PER_ADVANCE + " steps"),
            Signal.WAIT, now, now.plusMillis(1), null);
      }
      save(e, now);
    } finally {
      MDC.remove("cdp.workflow");
      MDC.remove("cdp.enrollment");
    }
  }

  /**
   * Stores the advanced enrollment; returns it as stored, or null when another writer paused or
   * ended it during the advance: that change wins and the advance stops. Over other changes (an
   * early wake, a merge's move to the survivor) the advance is stored, keeping the moved profile,
   * and a wait it entered is due at once: what the advance read may be out of date, so the next
   * round checks the wait again rather than letting it run to its timeout.
   */
  private @Nullable Enrollment save(Enrollment advanced, Instant now) {
    Enrollment over = advanced;
    while (true) {
      try {
        return store.update(over);
      } catch (StaleEnrollmentException stale) {
        Enrollment current = store.find(advanced.id()).orElse(null);
        if (current == null || !EnrollmentTransitions.running(current)) {
          log.info("paused or ended by another writer during its advance; that change stands");
          return null;
        }
        over = advanced.withProfileId(current.profileId()).withRevision(current.revision());
        if (over.state() == EnrollmentState.WAITING
            && over.dueAt() != null && over.dueAt().isAfter(now)) {
          over = EnrollmentStateMachine.reschedule(over, now)
              .note(now, "changed by another writer during its advance; checked again");
        }
      }
    }
  }

  /**
   * Checks the goal, then runs the current step; returns the enrollment after it, or null when
   * another writer paused or ended it meanwhile.
   */
  private @Nullable Enrollment step(CompiledWorkflow cw, Enrollment e, EnrollmentContext context) {
    Instant now = context.now;
    if (cw.goal != null) {
      Profile profile = context.profile();
      if (profile != null && Goals.met(cw, e, profile, context)) {
        if (!e.converted()) {
          e = e.withConverted().note(now, "goal met");
        }
        if (cw.workflow.exitOnGoal()) {
          return transitions.apply(e, Signal.REACH_GOAL, now, null, null);
        }
      }
    }
    String stepId = e.stepId();
    if (stepId == null) {
      return transitions.apply(e, Signal.COMPLETE, now, null, null);
    }
    Step step = cw.steps.get(stepId);
    if (step instanceof Step.SendEmail || step instanceof Step.SendMessage
        || step instanceof Step.HttpCall) {
      // Stored before the send intent, so that a restart resends with this step's key.
      e = save(e, now);
      if (e == null) {
        return null;
      }
    }
    StepResult result = run(cw, e, step, context);
    if (result instanceof Next next) {
      return e.note(now, next.note()).atStep(next.stepId(), now);
    } else if (result instanceof WaitUntil wait) {
      return transitions.apply(e.note(now, wait.note()), Signal.WAIT, now, wait.at(), null);
    } else if (result instanceof Retry retry) {
      return transitions.apply(
          e.note(now, retry.note()).withAttempt(retry.attempt()),
          Signal.WAIT, now, retry.at(), null);
    } else if (result instanceof Fail fail) {
      log.warn("enrollment failed: {}", fail.reason());
      return transitions.apply(e, Signal.FAIL, now, null, fail.reason());
    }
    return transitions.apply(e, Signal.CANCEL, now, null, ((Cancel) result).reason());
  }

  private StepResult run(CompiledWorkflow cw, Enrollment e, Step step, EnrollmentContext context) {
    Instant now = context.now;
    String id = step.id();
    if (step instanceof Step.Wait wait) {
      Instant end = e.stepStartedAt().plus(wait.duration());
      return now.isBefore(end)
          ? new WaitUntil(end, "step " + id + ": waiting until " + end)
          : new Next(cw.after(id), "step " + id + ": waited " + wait.duration());
    }
    if (step instanceof Step.WaitUntilTime wait) {
      Profile profile = context.profile();
      if (profile == null) {
        return new Cancel("profile deleted");
      }
      Optional<String> raw = cw.dateFields.get(id).resolve(context.render(profile));
      Instant date = raw.map(text -> DateText.parse(text, reads.zone())).orElse(null);
      if (date == null) {
        return new Next(cw.after(id), "step " + id + ": no date at " + wait.field() + ", went on");
      }
      Instant target = date.plus(wait.offset());
      return now.isBefore(target)
          ? new WaitUntil(target, "step " + id + ": waiting until " + target)
          : new Next(cw.after(id), "step " + id + ": time " + target + " reached");
    }
    if (step instanceof Step.WaitUntilEvent wait) {
      for (Event event : context.events()) {
        if (event.type().equals(wait.eventType())
            && !event.timestamp().isBefore(e.stepStartedAt())) {
          return new Next(
              cw.enter(wait.onEvent(), id),
              "step " + id + ": event " + wait.eventType() + " arrived");
        }
      }
      Instant timeout = e.stepStartedAt().plus(wait.timeout());
      return now.isBefore(timeout)
          ? new WaitUntil(timeout, "step " + id + ": waiting for " + wait.eventType())
          : new Next(cw.enter(wait.onTimeout(), id), "step " + id + ": timed out");
    }
    if (step instanceof Step.Branch branch) {
      Profile profile = context.profile();
      if (profile == null) {
        return new Cancel("profile deleted");
      }
      boolean matches =
          cw.conditions.get(id).evaluate(profile, context.events(), context.evaluation());
      return matches
          ? new Next(cw.enter(branch.then(), id), "step " + id + ": then")
          : new Next(cw.enter(branch.otherwise(), id), "step " + id + ": else");
    }
    return sendStep.run(cw, e, step, context);
  }
}
