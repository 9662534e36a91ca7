package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.Page;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.delivery.DueWorkScheduler;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.Audience;
import io.cdpkit.workflows.BroadcastResult;
import io.cdpkit.workflows.ConversionFigures;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.EnrollmentNotFoundException;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.Preview;
import io.cdpkit.workflows.RunReport;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine.Signal;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.SendRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design notes.
 *
 * - Ingest threads only enqueue: Cdp and Segments listeners append a signal to the store through
 *   the TriggerInbox and return. A store that signals stored events and merges itself (in the
 *   transaction that stores them, see EnrollmentStore.signalsStoredEvents and signalsMerges) gets
 *   no appended event or merge signals. Segment transitions are appended inside the write that
 *   stores them (Segments.subscribeInTransaction), so on a SQL store they commit together.
 *   runDue() drains the inbox oldest first (trigger matching, waking
 *   event waits, merges) and then the StepRunner advances due enrollments, all under one lock, so
 *   the engine's own state changes are serial. A signal whose event or profile is gone (erased)
 *   is dropped. An erased profile needs no signal: WorkflowDataContributor deletes its
 *   enrollments and sends inside the erasure.
 * - This class holds the lock and the subscriptions and delegates each public method to one
 *   collaborator (see EngineParts); only EnrollmentTransitions changes an enrollment's state.
 */

/** The {@link WorkflowEngine} implementation: a coordinator over one-job collaborators. */
public final class DefaultWorkflowEngine implements WorkflowEngine {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

  private final Cdp cdp;
  private final Segments segments;
  private final EnrollmentStore store;
  private final int batchSize;
  private final WorkflowRegistry registry;
  private final EnrollmentTransitions transitions;
  private final Admission admission;
  private final TriggerInbox inbox;
  private final StepRunner runner;
  private final PreviewRunner previews;
  private final DueWorkScheduler scheduler = new DueWorkScheduler("workflow run");
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();

  /** Builds the engine and subscribes it to the Cdp and Segments. */
  public DefaultWorkflowEngine(EngineConfig config) {
    this.cdp = config.cdp();
    this.segments = config.segments();
    this.store = config.store();
    this.batchSize = config.options().batchSize();
    EngineParts parts = EngineParts.wire(config, segments::registerUse);
    this.registry = parts.registry();
    this.transitions = parts.transitions();
    this.admission = parts.admission();
    this.inbox = parts.inbox();
    this.runner = parts.runner();
    this.previews = new PreviewRunner(config);
    boolean storeSignalsEvents = store.signalsStoredEvents();
    boolean storeSignalsMerges = store.signalsMerges();
    subscriptions.add(
        cdp.subscribe(
            new CdpListener() {
              @Override
              public void eventsStored(List<Event> events) {
                if (!storeSignalsEvents) {
                  inbox.appendStored(events);
                }
              }

              @Override
              public void profilesMerged(Profile survivor, List<String> absorbedIds) {
                if (!storeSignalsMerges) {
                  inbox.append(new TriggerSignals.Merged(survivor.id(), List.copyOf(absorbedIds)));
                }
              }
            }));
    subscriptions.add(
        segments.subscribeInTransaction(t -> inbox.append(new TriggerSignals.Entered(t))));
    subscriptions.add(cdp.registerDataContributor(new WorkflowDataContributor(store)));
    registry.registerStoredUses();
    log.info("workflow engine started over {} workflow(s)", registry.statuses().size());
  }

  // Definitions: WorkflowRegistry, with the pause and resume a status change makes.

  @Override
  public Workflow save(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    lock.lock();
    try {
      Instant now = cdp.clock().instant();
      inbox.drain(now);
      WorkflowRegistry.Saved saved = registry.save(workflow, now);
      if (saved.change() == WorkflowRegistry.StatusChange.DISABLED) {
        transitions.pauseAll(workflow.name(), now);
      } else if (saved.change() == WorkflowRegistry.StatusChange.ENABLED) {
        transitions.resumeAll(workflow.name(), now);
      }
      log.info("saved workflow {} version {}", workflow.name(), saved.workflow().version());
      return saved.workflow();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Workflow> find(String name) {
    Objects.requireNonNull(name, "name");
    return registry.find(name);
  }

  @Override
  public Workflow get(String name) {
    return find(name).orElseThrow(() -> registry.notFound(name));
  }

  @Override
  public Optional<Workflow> findVersion(String name, int version) {
    return registry.findVersion(name, version);
  }

  @Override
  public List<Workflow> list() {
    return registry.list();
  }

  @Override
  public void enable(String name) {
    lock.lock();
    try {
      if (registry.isEnabled(name)) {
        return;
      }
      Instant now = cdp.clock().instant();
      inbox.drain(now);
      if (registry.enable(name, now)) {
        transitions.resumeAll(name, now);
        log.info("enabled workflow {}", name);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void disable(String name) {
    lock.lock();
    try {
      if (registry.disable(name)) {
        transitions.pauseAll(name, cdp.clock().instant());
        log.info("disabled workflow {}", name);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int abort(String name) {
    lock.lock();
    try {
      disable(name);
      int cancelled = transitions.cancelAll(name, cdp.clock().instant(), "workflow aborted");
      log.info("aborted workflow {}: {} enrollment(s) cancelled", name, cancelled);
      return cancelled;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void delete(String name) {
    lock.lock();
    try {
      registry.delete(name);
      log.info("deleted workflow {}", name);
    } finally {
      lock.unlock();
    }
  }

  // Entry: Admission.

  @Override
  public Optional<Enrollment> enroll(String workflow, String profileId) {
    lock.lock();
    try {
      Instant now = cdp.clock().instant();
      return admission.admit(registry.current(workflow), profileId, null, now)
          .filter(store::insert).map(NewEnrollment::enrollment);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public BroadcastResult broadcast(String workflow, Audience audience) {
    Objects.requireNonNull(audience, "audience");
    lock.lock();
    try {
      CompiledWorkflow cw = registry.current(workflow);
      Instant now = cdp.clock().instant();
      long members = 0;
      long enrolled = 0;
      int batches = 0;
      String cursor = null;
      do {
        Page<String> page =
            audience.kind() == Audience.Kind.SEGMENT
                ? segments.members(audience.name(), batchSize, cursor)
                : segments.groupMembers(audience.name(), batchSize, cursor);
        batches++;
        for (String profileId : page.items()) {
          members++;
          Optional<NewEnrollment> enrollment = admission.admit(cw, profileId, null, now);
          if (enrollment.isPresent() && store.insert(enrollment.get())) {
            enrolled++;
          }
        }
        cursor = page.next();
      } while (cursor != null);
      log.info(
          "broadcast of workflow {}: {} member(s), {} enrolled in {} batch(es)",
          workflow, members, enrolled, batches);
      return new BroadcastResult(members, enrolled, members - enrolled, batches);
    } finally {
      lock.unlock();
    }
  }

  // Running: TriggerInbox, then StepRunner.

  @Override
  public RunReport runDue(Instant now) {
    Objects.requireNonNull(now, "now");
    lock.lock();
    try {
      TriggerInbox.Drained drained = inbox.drain(now);
      int advanced = runner.runDue(now);
      return new RunReport(drained.signals(), drained.enrolled(), advanced);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Subscription schedule(ScheduledExecutorService executor, Duration period) {
    return scheduler.schedule(
        executor, Duration.ZERO, period, () -> runDue(cdp.clock().instant()));
  }

  @Override
  public Preview preview(Workflow workflow, String profileId, Instant simulatedStart) {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(simulatedStart, "simulatedStart");
    return previews.preview(workflow, profileId, simulatedStart);
  }

  // Dead letters and reports.

  @Override
  public List<Enrollment> failed(String workflow) {
    return store.ofWorkflow(workflow).stream()
        .filter(e -> e.state() == EnrollmentState.FAILED)
        .toList();
  }

  @Override
  public Enrollment retry(String enrollmentId) {
    lock.lock();
    try {
      Enrollment e =
          store.find(enrollmentId).orElseThrow(() -> new EnrollmentNotFoundException(enrollmentId));
      Instant now = cdp.clock().instant();
      Enrollment retried =
          transitions.apply(e.withAttempt(e.attempt() + 1), Signal.RETRY, now, now, null);
      return store.update(retried);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public ConversionFigures figures(String workflow) {
    Map<EnrollmentState, Long> counts = store.countByState(workflow);
    long entered = 0;
    for (long count : counts.values()) {
      entered += count;
    }
    long active =
        counts.getOrDefault(EnrollmentState.ACTIVE, 0L)
            + counts.getOrDefault(EnrollmentState.WAITING, 0L)
            + counts.getOrDefault(EnrollmentState.PAUSED, 0L);
    return new ConversionFigures(
        workflow,
        entered,
        active,
        counts.getOrDefault(EnrollmentState.COMPLETED, 0L),
        counts.getOrDefault(EnrollmentState.EXITED_ON_GOAL, 0L),
        counts.getOrDefault(EnrollmentState.FAILED, 0L),
        counts.getOrDefault(EnrollmentState.CANCELLED, 0L),
        store.countConverted(workflow));
  }

  @Override
  public Optional<Enrollment> findEnrollment(String enrollmentId) {
    return store.find(enrollmentId);
  }

  @Override
  public List<Enrollment> enrollmentsOf(String profileId) {
    return store.ofProfile(profileId);
  }

  @Override
  public List<Enrollment> enrollments(String workflow) {
    return store.ofWorkflow(workflow);
  }

  @Override
  public List<SendRecord> sends(String enrollmentId) {
    return store.sendsOf(enrollmentId);
  }

  @Override
  public void close() {
    for (Subscription subscription : subscriptions) {
      subscription.close();
    }
    subscriptions.clear();
    registry.close();
    scheduler.close();
  }
}
