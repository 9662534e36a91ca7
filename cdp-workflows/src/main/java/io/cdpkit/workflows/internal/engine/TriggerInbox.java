package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine.Signal;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Signals survive a crash. A signal is completed by EnrollmentStore.completeSignal, which stores
 * the enrollments it started and deletes it in one atomic write. A process that dies before that
 * write leaves the signal pending and none of its enrollments stored: the next drain handles it
 * again and decides afresh, so it enrolls at most once per workflow. What handling wrote before
 * that write is safe to write again: waking an event wait sets its due instant to now, and a
 * merge replayed finds its enrollments already moved and its duplicates cancelled. A signal is
 * handled with the profile as it is then, not as it was when the signal was heard.
 */

/**
 * The durable inbox of what the engine heard on the ingest path: signals in (one small store
 * write each), trigger matching, woken event waits and merges out. Appending is thread-safe;
 * draining runs under the engine's lock.
 */
final class TriggerInbox {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

  /** What one drain did. */
  record Drained(int signals, int enrolled) {}

  private final EnrollmentStore store;
  private final WorkflowRegistry registry;
  private final Admission admission;
  private final EnrollmentTransitions transitions;
  private final ProfileReads reads;
  private final int batchSize;

  TriggerInbox(
      EnrollmentStore store,
      WorkflowRegistry registry,
      Admission admission,
      EnrollmentTransitions transitions,
      ProfileReads reads,
      int batchSize) {
    this.store = store;
    this.registry = registry;
    this.admission = admission;
    this.transitions = transitions;
    this.reads = reads;
    this.batchSize = batchSize;
  }

  /** Called on the ingest path: one small store write, nothing else. */
  void append(TriggerSignals.TriggerSignal signal) {
    store.appendSignal(TriggerSignals.kind(signal), TriggerSignals.payload(signal));
  }

  /** Called on the ingest path: the signals of one call's stored events, in one store write. */
  void appendStored(List<Event> events) {
    List<String> payloads = new ArrayList<>(events.size());
    for (Event event : events) {
      payloads.add(TriggerSignals.payload(new TriggerSignals.Stored(event.id(), event.profileId())));
    }
    store.appendSignals(StoredSignal.Kind.EVENT_STORED, payloads);
  }

  /**
   * Handles every stored signal, oldest first, each completed (its enrollments stored and itself
   * deleted) in one store write.
   */
  Drained drain(Instant now) {
    int signals = 0;
    int enrolled = 0;
    List<StoredSignal> batch;
    while (!(batch = store.pendingSignals(batchSize)).isEmpty()) {
      for (StoredSignal stored : batch) {
        List<NewEnrollment> created = handle(TriggerSignals.read(stored), now);
        enrolled += store.completeSignal(stored.id(), created);
        signals++;
      }
    }
    return new Drained(signals, enrolled);
  }

  /** Handles one signal; returns the enrollments it starts, not yet stored. */
  private List<NewEnrollment> handle(TriggerSignals.TriggerSignal signal, Instant now) {
    if (signal instanceof TriggerSignals.Entered entered) {
      return segmentTransition(entered.transition(), now);
    }
    if (signal instanceof TriggerSignals.Stored stored) {
      Optional<Event> event = reads.findEvent(stored.eventId());
      Optional<Profile> profile = reads.findProfile(stored.profileId());
      if (event.isEmpty() || profile.isEmpty()) {
        log.debug("dropped the signal of event {}: event or profile erased", stored.eventId());
        return List.of();
      }
      return eventStored(event.get(), profile.get(), now);
    }
    TriggerSignals.Merged merged = (TriggerSignals.Merged) signal;
    merge(merged.survivorId(), merged.absorbedIds(), now);
    return List.of();
  }

  private List<NewEnrollment> segmentTransition(SegmentTransition t, Instant now) {
    List<NewEnrollment> created = new ArrayList<>();
    for (WorkflowStatus status : registry.statuses()) {
      if (!status.enabled() || t.at().isBefore(status.enabledSince())) {
        continue;
      }
      CompiledWorkflow cw = registry.compiled(status.name(), status.currentVersion());
      Trigger trigger = cw.workflow.trigger();
      boolean fires =
          (trigger instanceof Trigger.EnteredSegment e
                  && t.entered() && e.segment().equals(t.segment()))
              || (trigger instanceof Trigger.LeftSegment l
                  && !t.entered() && l.segment().equals(t.segment()));
      if (fires) {
        admission.admit(cw, t.profileId(), null, now).ifPresent(created::add);
      }
    }
    return created;
  }

  private List<NewEnrollment> eventStored(Event event, Profile profile, Instant now) {
    for (Enrollment e : store.ofProfile(profile.id())) {
      if (awaits(e, event.type())) {
        transitions.wakeEarly(e, now);
      }
    }
    List<NewEnrollment> created = new ArrayList<>();
    for (WorkflowStatus status : registry.statuses()) {
      if (!status.enabled()) {
        continue;
      }
      CompiledWorkflow cw = registry.compiled(status.name(), status.currentVersion());
      if (cw.workflow.trigger() instanceof Trigger.EventAdded added
          && added.eventType().equals(event.type())
          && propertyMatches(added, event)
          && (cw.triggerFilter == null
              || cw.triggerFilter.evaluate(profile, List.of(event), reads.evaluation(now)))) {
        admission.admit(cw, profile.id(), event.id(), now).ifPresent(created::add);
      }
    }
    return created;
  }

  /**
   * Whether the event may end a wait of the enrollment: it waits for that type, or it is being
   * advanced (ACTIVE) in a version that waits for it somewhere, so that an advance in flight which
   * read the profile's events before this one arrived does not wait past it.
   */
  private boolean awaits(Enrollment e, String eventType) {
    if (e.stepId() == null) {
      return false;
    }
    CompiledWorkflow cw = registry.compiled(e.workflow(), e.version());
    if (e.state() == EnrollmentState.ACTIVE) {
      return cw.awaitedEvents.contains(eventType);
    }
    return e.state() == EnrollmentState.WAITING
        && cw.steps.get(e.stepId()) instanceof Step.WaitUntilEvent wait
        && wait.eventType().equals(eventType);
  }

  private static boolean propertyMatches(Trigger.EventAdded added, Event event) {
    String property = added.property();
    if (property == null) {
      return true;
    }
    Optional<AttributeValue> value = event.properties().get(property);
    if (value.isEmpty()) {
      return false;
    }
    String text = value.get() instanceof TextValue t ? t.value() : value.get().toString();
    return text.equals(added.equalsValue());
  }

  /** Moves the absorbed profiles' enrollments to the survivor; cancels all but the earliest. */
  private void merge(String survivorId, List<String> absorbedIds, Instant now) {
    for (String absorbed : absorbedIds) {
      for (Enrollment e : store.ofProfile(absorbed)) {
        transitions.change(e, c -> c.profileId().equals(absorbed)
            ? c.withProfileId(survivorId).note(now, "moved from merged profile") : null);
      }
    }
    Map<String, List<Enrollment>> byWorkflow = new HashMap<>();
    for (Enrollment e : store.ofProfile(survivorId)) {
      if (e.isLive()) {
        byWorkflow.computeIfAbsent(e.workflow(), w -> new ArrayList<>()).add(e);
      }
    }
    for (List<Enrollment> live : byWorkflow.values()) {
      live.sort(Comparator.comparing(Enrollment::enteredAt).thenComparing(Enrollment::id));
      Enrollment kept = live.get(0);
      for (Enrollment duplicate : live.subList(1, live.size())) {
        transitions.change(duplicate, c -> c.isLive()
            ? transitions.apply(c, Signal.CANCEL, now, null,
                "duplicate after merge; enrollment " + kept.id() + " kept")
            : null);
      }
    }
  }
}
