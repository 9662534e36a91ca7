package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpListener;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.ProfileNotFoundException;
import io.cdpkit.core.Subscription;
import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentLookup;
import io.cdpkit.segments.SegmentTransition;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.StaticGroup;
import io.cdpkit.segments.ValidationContext;
import io.cdpkit.workflows.Audience;
import io.cdpkit.workflows.BroadcastResult;
import io.cdpkit.workflows.ConversionFigures;
import io.cdpkit.workflows.Enrollment;
import io.cdpkit.workflows.EnrollmentListener;
import io.cdpkit.workflows.EnrollmentNotFoundException;
import io.cdpkit.workflows.EnrollmentState;
import io.cdpkit.workflows.Preview;
import io.cdpkit.workflows.ReEntryPolicy;
import io.cdpkit.workflows.RunReport;
import io.cdpkit.workflows.SendPolicy;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.WorkflowEngineOptions;
import io.cdpkit.workflows.WorkflowInUseException;
import io.cdpkit.workflows.WorkflowNotFoundException;
import io.cdpkit.workflows.WorkflowProblem;
import io.cdpkit.workflows.WorkflowValidationException;
import io.cdpkit.workflows.internal.engine.EnrollmentStateMachine.Signal;
import io.cdpkit.workflows.internal.render.RenderContext;
import io.cdpkit.workflows.internal.render.RenderException;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.workflows.spi.RetryPolicy;
import io.cdpkit.workflows.spi.SendOutcome;
import io.cdpkit.workflows.spi.SendRecord;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import io.cdpkit.workflows.testing.RecordingEmailSender;
import io.cdpkit.workflows.testing.RecordingHttpStepClient;
import io.cdpkit.workflows.testing.RecordingMessageSender;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/*
 * Design notes.
 *
 * - Ingest threads only enqueue: Cdp and Segments listeners append a signal to the store (one
 *   small write of ids and instants, see Signals) and return. runDue() drains the stored signals
 *   oldest first (trigger matching, waking event waits, merges) and then advances due
 *   enrollments, all under one lock, so the engine's own state changes are serial. Handling loads
 *   the event from the Cdp's storage and the profile from the Cdp; a signal whose event or profile
 *   is gone (erased) is dropped. An erased profile needs no signal: WorkflowDataContributor
 *   deletes its enrollments and sends inside the erasure.
 * - Signals survive a crash. A signal is completed by EnrollmentStore.completeSignal, which stores
 *   the enrollments it started and deletes it in one atomic write. A process that dies before
 *   that write leaves the signal pending and none of its enrollments stored: the next runDue
 *   handles it again and decides afresh, so it enrolls at most once per workflow. What handling
 *   wrote before that write is safe to write again: waking an event wait sets its due instant to
 *   now, and a merge replayed finds its enrollments already moved and its duplicates cancelled.
 *   A signal is handled with the profile as it is then, not as it was when the signal was heard.
 * - An enrollment's position is a step id; CompiledWorkflow knows what follows each step. Timed
 *   steps are pure functions of (stepStartedAt, now, data), so waking, pausing and restarting need
 *   no extra bookkeeping: a step that is run again decides again.
 * - Sends: the enrollment is stored, then the intent, then the sender is called, then the outcome
 *   is stored. A recorded outcome is replayed rather than sent again; an intent without outcome is
 *   resent with the same key.
 */

/** The {@link WorkflowEngine} implementation. */
public final class DefaultWorkflowEngine implements WorkflowEngine {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);
  private static final int MAX_STEPS_PER_ADVANCE = 10_000;

  /** What running one step decided. */
  private sealed interface Result permits Next, WaitUntil, Retry, Fail, Cancel {}

  private record Next(@Nullable String stepId, String note) implements Result {}

  private record WaitUntil(Instant at, String note) implements Result {}

  private record Retry(Instant at, int attempt, String note) implements Result {}

  private record Fail(String reason) implements Result {}

  private record Cancel(String reason) implements Result {}

  private final Cdp cdp;
  private final Segments segments;
  private final EnrollmentStore store;
  private final EmailSender emailSender;
  private final MessageSender messageSender;
  private final HttpStepClient httpClient;
  private final RetryPolicy retryPolicy;
  private final WorkflowEngineOptions options;
  private final Supplier<String> idGenerator;
  private final EnrollmentTransitions transitions;
  private final boolean live;
  private final Map<String, CompiledWorkflow> compiled = new ConcurrentHashMap<>();
  private final Map<String, Subscription> uses = new ConcurrentHashMap<>();
  private final List<Subscription> subscriptions = new ArrayList<>();
  private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();

  /** Builds the engine; with {@code live}, subscribes to the Cdp and Segments. */
  public DefaultWorkflowEngine(
      Cdp cdp,
      Segments segments,
      EnrollmentStore store,
      EmailSender emailSender,
      MessageSender messageSender,
      HttpStepClient httpClient,
      RetryPolicy retryPolicy,
      WorkflowEngineOptions options,
      Supplier<String> idGenerator,
      List<EnrollmentListener> listeners,
      boolean live) {
    this.cdp = cdp;
    this.segments = segments;
    this.store = store;
    this.emailSender = emailSender;
    this.messageSender = messageSender;
    this.httpClient = httpClient;
    this.retryPolicy = retryPolicy;
    this.options = options;
    this.idGenerator = idGenerator;
    this.transitions = new EnrollmentTransitions(store, listeners);
    this.live = live;
    if (live) {
      subscriptions.add(
          cdp.subscribe(
              new CdpListener() {
                @Override
                public void eventStored(Event event, Profile profile) {
                  append(new Signals.Stored(event.id(), profile.id()));
                }

                @Override
                public void profilesMerged(Profile survivor, List<String> absorbedIds) {
                  append(new Signals.Merged(survivor.id(), List.copyOf(absorbedIds)));
                }
              }));
      subscriptions.add(segments.subscribe(t -> append(new Signals.Entered(t))));
      subscriptions.add(cdp.registerDataContributor(new WorkflowDataContributor(store)));
      for (WorkflowStatus status : store.statuses()) {
        registerUse(current(status.name()).workflow);
      }
      log.info("workflow engine started over {} workflow(s)", store.statuses().size());
    }
  }

  /** Called on the ingest path: one small store write, nothing else. */
  private void append(Signals.Signal signal) {
    store.appendSignal(Signals.kind(signal), Signals.payload(signal));
  }

  // ---------------------------------------------------------------- definitions

  @Override
  public Workflow save(Workflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    lock.lock();
    try {
      List<WorkflowProblem> problems = Definitions.problems(workflow, validationContext());
      if (!problems.isEmpty()) {
        throw new WorkflowValidationException(workflow.name(), problems);
      }
      Instant now = cdp.clock().instant();
      drain(now);
      List<StoredWorkflow> versions = store.versions(workflow.name());
      int version;
      Workflow saved;
      if (!versions.isEmpty()) {
        StoredWorkflow latest = versions.get(versions.size() - 1);
        Workflow previous = Workflow.fromJson(latest.json());
        Workflow candidate = workflow.withVersion(latest.version()).withEnabled(true);
        if (candidate.equals(previous.withEnabled(true))) {
          version = latest.version();
        } else {
          version = latest.version() + 1;
          store.saveWorkflow(
              new StoredWorkflow(
                  workflow.name(), version, workflow.withVersion(version).toJson(), now));
        }
      } else {
        version = 1;
        store.saveWorkflow(
            new StoredWorkflow(workflow.name(), 1, workflow.withVersion(1).toJson(), now));
      }
      saved = workflow.withVersion(version);
      Optional<WorkflowStatus> status = store.findStatus(workflow.name());
      boolean wasEnabled = status.map(WorkflowStatus::enabled).orElse(false);
      Instant since = status.map(WorkflowStatus::enabledSince).orElse(null);
      store.putStatus(
          new WorkflowStatus(
              workflow.name(),
              version,
              workflow.enabled(),
              workflow.enabled() ? (wasEnabled && since != null ? since : now) : null));
      if (wasEnabled && !workflow.enabled()) {
        transitions.pauseAll(workflow.name(), now);
      } else if (!wasEnabled && workflow.enabled() && status.isPresent()) {
        transitions.resumeAll(workflow.name(), now);
      }
      registerUse(saved);
      log.info("saved workflow {} version {}", workflow.name(), version);
      return saved.withEnabled(workflow.enabled());
    } finally {
      lock.unlock();
    }
  }

  private ValidationContext validationContext() {
    SegmentLookup lookup =
        name ->
            segments.find(name).map(SavedSegment::expression)
                .map(text -> SegmentExpression.parse(text).expr());
    return ValidationContext.builder()
        .segments(lookup)
        .groups(name -> segments.groups().stream().map(StaticGroup::name).anyMatch(name::equals))
        .build();
  }

  private void registerUse(Workflow workflow) {
    if (!live) {
      return;
    }
    Subscription previous = uses.remove(workflow.name());
    if (previous != null) {
      previous.close();
    }
    String segment = null;
    if (workflow.trigger() instanceof Trigger.EnteredSegment entered) {
      segment = entered.segment();
    } else if (workflow.trigger() instanceof Trigger.LeftSegment left) {
      segment = left.segment();
    }
    if (segment != null) {
      uses.put(workflow.name(), segments.registerUse(segment, "workflow:" + workflow.name()));
    }
  }

  private CompiledWorkflow compiled(String name, int version) {
    return compiled.computeIfAbsent(
        name + "#" + version,
        key ->
            new CompiledWorkflow(
                Workflow.fromJson(
                    store
                        .findWorkflow(name, version)
                        .orElseThrow(() -> notFound(name))
                        .json())));
  }

  private CompiledWorkflow current(String name) {
    WorkflowStatus status = store.findStatus(name).orElseThrow(() -> notFound(name));
    return compiled(name, status.currentVersion());
  }

  private WorkflowNotFoundException notFound(String name) {
    List<String> names = new ArrayList<>();
    for (WorkflowStatus status : store.statuses()) {
      names.add(status.name());
    }
    return new WorkflowNotFoundException(name, String.join(", ", names));
  }

  @Override
  public Optional<Workflow> find(String name) {
    Objects.requireNonNull(name, "name");
    return store
        .findStatus(name)
        .map(s -> compiled(name, s.currentVersion()).workflow.withEnabled(s.enabled()));
  }

  @Override
  public Workflow get(String name) {
    return find(name).orElseThrow(() -> notFound(name));
  }

  @Override
  public Optional<Workflow> findVersion(String name, int version) {
    return store.findWorkflow(name, version).map(s -> Workflow.fromJson(s.json()));
  }

  @Override
  public List<Workflow> list() {
    List<Workflow> result = new ArrayList<>();
    for (WorkflowStatus status : store.statuses()) {
      result.add(compiled(status.name(), status.currentVersion()).workflow
          .withEnabled(status.enabled()));
    }
    return result;
  }

  @Override
  public void enable(String name) {
    lock.lock();
    try {
      WorkflowStatus status = store.findStatus(name).orElseThrow(() -> notFound(name));
      if (status.enabled()) {
        return;
      }
      Instant now = cdp.clock().instant();
      drain(now);
      store.putStatus(new WorkflowStatus(name, status.currentVersion(), true, now));
      transitions.resumeAll(name, now);
      log.info("enabled workflow {}", name);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void disable(String name) {
    lock.lock();
    try {
      WorkflowStatus status = store.findStatus(name).orElseThrow(() -> notFound(name));
      if (!status.enabled()) {
        return;
      }
      store.putStatus(new WorkflowStatus(name, status.currentVersion(), false, null));
      transitions.pauseAll(name, cdp.clock().instant());
      log.info("disabled workflow {}", name);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int abort(String name) {
    lock.lock();
    try {
      disable(name);
      Instant now = cdp.clock().instant();
      int cancelled = transitions.cancelAll(name, now, "workflow aborted");
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
      store.findStatus(name).orElseThrow(() -> notFound(name));
      long live = store.ofWorkflow(name).stream().filter(Enrollment::isLive).count();
      if (live > 0) {
        throw new WorkflowInUseException(name, live);
      }
      store.deleteWorkflow(name);
      compiled.keySet().removeIf(key -> key.startsWith(name + "#"));
      Subscription use = uses.remove(name);
      if (use != null) {
        use.close();
      }
      log.info("deleted workflow {}", name);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- entry

  @Override
  public Optional<Enrollment> enroll(String workflow, String profileId) {
    lock.lock();
    try {
      Instant now = cdp.clock().instant();
      Optional<Enrollment> enrollment = admit(current(workflow), profileId, null, now);
      enrollment.ifPresent(store::insert);
      return enrollment;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The enrollment to start if the workflow is enabled and the policies allow, not yet stored;
   * empty when refused.
   */
  private Optional<Enrollment> admit(
      CompiledWorkflow cw, String profileId, @Nullable String eventId, Instant now) {
    String name = cw.workflow.name();
    Optional<WorkflowStatus> status = store.findStatus(name);
    if (status.isEmpty() || !status.get().enabled()) {
      return Optional.empty();
    }
    Optional<Profile> profile = cdp.findProfile(profileId);
    if (profile.isEmpty()) {
      return Optional.empty();
    }
    String id = profile.get().id();
    Enrollment latest = null;
    for (Enrollment e : store.ofProfile(id)) {
      if (e.workflow().equals(name)) {
        if (e.isLive()) {
          return Optional.empty();
        }
        latest = e;
      }
    }
    if (latest != null) {
      ReEntryPolicy reEntry = cw.workflow.reEntry();
      if (reEntry.kind() == ReEntryPolicy.Kind.ONCE) {
        return Optional.empty();
      }
      Instant ended = latest.endedAt() == null ? latest.enteredAt() : latest.endedAt();
      if (reEntry.kind() == ReEntryPolicy.Kind.AFTER_COOL_DOWN
          && ended.plus(reEntry.coolDown()).isAfter(now)) {
        return Optional.empty();
      }
    }
    String channel = cw.workflow.consent().channel();
    if (channel != null) {
      Reachability reach = cdp.privacy().reachability().check(profile.get(), channel, now);
      if (!reach.isReachable()) {
        log.debug("workflow {}: entry refused: {}", name, reach.reason());
        return Optional.empty();
      }
    }
    Enrollment enrollment =
        Enrollment.start(
            idGenerator.get(), name, cw.workflow.version(), id, cw.firstStepId, eventId, now);
    return Optional.of(enrollment);
  }

  @Override
  public BroadcastResult broadcast(String workflow, Audience audience) {
    Objects.requireNonNull(audience, "audience");
    lock.lock();
    try {
      CompiledWorkflow cw = current(workflow);
      Instant now = cdp.clock().instant();
      long members = 0;
      long enrolled = 0;
      int batches = 0;
      String cursor = null;
      do {
        io.cdpkit.core.Page<String> page =
            audience.kind() == Audience.Kind.SEGMENT
                ? segments.members(audience.name(), options.batchSize(), cursor)
                : segments.groupMembers(audience.name(), options.batchSize(), cursor);
        batches++;
        for (String profileId : page.items()) {
          members++;
          Optional<Enrollment> enrollment = admit(cw, profileId, null, now);
          if (enrollment.isPresent()) {
            store.insert(enrollment.get());
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

  // ---------------------------------------------------------------- running

  @Override
  public RunReport runDue(Instant now) {
    Objects.requireNonNull(now, "now");
    lock.lock();
    try {
      int[] drained = drain(now);
      int signals = drained[0];
      int enrolled = drained[1];
      int advanced = 0;
      Set<String> seen = new HashSet<>();
      while (true) {
        List<Enrollment> due = store.due(now, options.batchSize());
        boolean progressed = false;
        for (Enrollment e : due) {
          if (seen.add(e.id())) {
            advance(e, now);
            advanced++;
            progressed = true;
          }
        }
        if (!progressed) {
          break;
        }
      }
      return new RunReport(signals, enrolled, advanced);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Handles every stored signal, oldest first, each completed (its enrollments stored and itself
   * deleted) in one store write; returns {signals, enrolled}. Call under the lock.
   */
  private int[] drain(Instant now) {
    int signals = 0;
    int enrolled = 0;
    List<StoredSignal> batch;
    while (!(batch = store.pendingSignals(options.batchSize())).isEmpty()) {
      for (StoredSignal stored : batch) {
        List<Enrollment> created = handle(Signals.read(stored), now);
        store.completeSignal(stored.id(), created);
        signals++;
        enrolled += created.size();
      }
    }
    return new int[] {signals, enrolled};
  }

  /** Handles one signal; returns the enrollments it starts, not yet stored. */
  private List<Enrollment> handle(Signals.Signal signal, Instant now) {
    if (signal instanceof Signals.Entered entered) {
      SegmentTransition t = entered.transition();
      List<Enrollment> created = new ArrayList<>();
      for (WorkflowStatus status : store.statuses()) {
        if (!status.enabled() || t.at().isBefore(status.enabledSince())) {
          continue;
        }
        CompiledWorkflow cw = compiled(status.name(), status.currentVersion());
        Trigger trigger = cw.workflow.trigger();
        boolean fires =
            (trigger instanceof Trigger.EnteredSegment e
                    && t.entered() && e.segment().equals(t.segment()))
                || (trigger instanceof Trigger.LeftSegment l
                    && !t.entered() && l.segment().equals(t.segment()));
        if (fires) {
          admit(cw, t.profileId(), null, now).ifPresent(created::add);
        }
      }
      return created;
    }
    if (signal instanceof Signals.Stored stored) {
      Optional<Event> event = cdp.storage().read(s -> s.events().find(stored.eventId()));
      Optional<Profile> profile = cdp.findProfile(stored.profileId());
      if (event.isEmpty() || profile.isEmpty()) {
        log.debug("dropped the signal of event {}: event or profile erased", stored.eventId());
        return List.of();
      }
      return eventStored(event.get(), profile.get(), now);
    }
    Signals.Merged merged = (Signals.Merged) signal;
    merge(merged.survivorId(), merged.absorbedIds(), now);
    return List.of();
  }

  private List<Enrollment> eventStored(Event event, Profile profile, Instant now) {
    for (Enrollment e : store.ofProfile(profile.id())) {
      if (e.state() == EnrollmentState.WAITING && e.stepId() != null) {
        Step step = compiled(e.workflow(), e.version()).steps.get(e.stepId());
        if (step instanceof Step.WaitUntilEvent wait && wait.eventType().equals(event.type())) {
          transitions.wakeEarly(e, now);
        }
      }
    }
    List<Enrollment> created = new ArrayList<>();
    for (WorkflowStatus status : store.statuses()) {
      if (!status.enabled()) {
        continue;
      }
      CompiledWorkflow cw = compiled(status.name(), status.currentVersion());
      if (cw.workflow.trigger() instanceof Trigger.EventAdded added
          && added.eventType().equals(event.type())
          && propertyMatches(added, event)
          && (cw.triggerFilter == null
              || cw.triggerFilter.evaluate(profile, List.of(event), segments.context(now)))) {
        admit(cw, profile.id(), event.id(), now).ifPresent(created::add);
      }
    }
    return created;
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
    String text =
        value.get() instanceof TextValue t ? t.value() : value.get().toString();
    return text.equals(added.equalsValue());
  }

  private void merge(String survivorId, List<String> absorbedIds, Instant now) {
    for (String absorbed : absorbedIds) {
      for (Enrollment e : store.ofProfile(absorbed)) {
        store.update(e.withProfileId(survivorId).note(now, "moved from merged profile"));
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
        store.update(
            transitions.apply(
                duplicate, Signal.CANCEL, now, null,
                "duplicate after merge; enrollment " + kept.id() + " kept"));
      }
    }
  }

  /** Everything one advance reads, loaded at most once. */
  private final class Context {
    final Enrollment start;
    final Instant now;
    private @Nullable Profile profile;
    private boolean profileLoaded;
    private @Nullable List<Event> events;
    private @Nullable Event trigger;
    private boolean triggerLoaded;
    private @Nullable EvaluationContext evaluation;

    Context(Enrollment start, Instant now) {
      this.start = start;
      this.now = now;
    }

    @Nullable Profile profile() {
      if (!profileLoaded) {
        profile = cdp.findProfile(start.profileId()).orElse(null);
        profileLoaded = true;
      }
      return profile;
    }

    List<Event> events() {
      if (events == null) {
        Profile p = profile();
        events =
            p == null
                ? List.of()
                : cdp.storage().read(s -> s.events().ofProfile(p.id()).toList());
      }
      return events;
    }

    @Nullable Event trigger() {
      if (!triggerLoaded) {
        String id = start.triggerEventId();
        trigger = id == null ? null : cdp.storage().read(s -> s.events().find(id)).orElse(null);
        triggerLoaded = true;
      }
      return trigger;
    }

    RenderContext render(Profile p) {
      return new RenderContext(p, trigger());
    }

    EvaluationContext evaluation() {
      if (evaluation == null) {
        evaluation = segments.context(now);
      }
      return evaluation;
    }
  }

  private void advance(Enrollment start, Instant now) {
    MDC.put("cdp.workflow", start.workflow());
    MDC.put("cdp.enrollment", start.id());
    try {
      CompiledWorkflow cw = compiled(start.workflow(), start.version());
      Context context = new Context(start, now);
      Enrollment e = start;
      if (e.state() == EnrollmentState.WAITING) {
        e = transitions.apply(e, Signal.WAKE, now, now, null);
      }
      for (int guard = 0; guard < MAX_STEPS_PER_ADVANCE; guard++) {
        if (cw.goal != null) {
          Profile profile = context.profile();
          if (profile != null && goalMet(cw, e, profile, context)) {
            if (!e.converted()) {
              e = e.withConverted().note(now, "goal met");
            }
            if (cw.workflow.exitOnGoal()) {
              e = transitions.apply(e, Signal.REACH_GOAL, now, null, null);
              break;
            }
          }
        }
        String stepId = e.stepId();
        if (stepId == null) {
          e = transitions.apply(e, Signal.COMPLETE, now, null, null);
          break;
        }
        Result result = run(cw, e, cw.steps.get(stepId), context);
        if (result instanceof Next next) {
          e = e.note(now, next.note()).atStep(next.stepId(), now);
        } else if (result instanceof WaitUntil wait) {
          e = transitions.apply(e.note(now, wait.note()), Signal.WAIT, now, wait.at(), null);
          break;
        } else if (result instanceof Retry retry) {
          e = transitions.apply(
              e.note(now, retry.note()).withAttempt(retry.attempt()),
              Signal.WAIT, now, retry.at(), null);
          break;
        } else if (result instanceof Fail fail) {
          e = transitions.apply(e, Signal.FAIL, now, null, fail.reason());
          log.warn("enrollment failed: {}", fail.reason());
          break;
        } else {
          e = transitions.apply(e, Signal.CANCEL, now, null, ((Cancel) result).reason());
          break;
        }
      }
      if (e.state() == EnrollmentState.ACTIVE) {
        e = transitions.apply(
            e.note(now, "yielded after " + MAX_STEPS_PER_ADVANCE + " steps"),
            Signal.WAIT, now, now.plusMillis(1), null);
      }
      store.update(e);
    } finally {
      MDC.remove("cdp.workflow");
      MDC.remove("cdp.enrollment");
    }
  }

  private boolean goalMet(CompiledWorkflow cw, Enrollment e, Profile profile, Context context) {
    CompiledSegment goal = Objects.requireNonNull(cw.goal);
    List<Event> events = context.events();
    if (cw.workflow.goal() instanceof io.cdpkit.workflows.Goal.EventGoal) {
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

  private Result run(CompiledWorkflow cw, Enrollment e, Step step, Context context) {
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
      Instant date = raw.map(this::parseDate).orElse(null);
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
              cw.enter(wait.onEvent(), id), "step " + id + ": event " + wait.eventType()
                  + " arrived");
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
    if (step instanceof Step.SendEmail email) {
      return send(cw, e, id, "email", context,
          (p, key) -> cw.emails.get(id).render(context.render(p), key, email.from()),
          request -> {
            io.cdpkit.workflows.spi.EmailMessage message =
                (io.cdpkit.workflows.spi.EmailMessage) request;
            return emailSender.send(
                message.toBuilder().header("X-Template-Id", email.templateId()).build());
          });
    }
    if (step instanceof Step.SendMessage message) {
      return send(cw, e, id, message.channel(), context,
          (p, key) -> cw.messages.get(id).render(context.render(p), key),
          request -> messageSender.send((io.cdpkit.workflows.spi.ChannelMessage) request));
    }
    return send(cw, e, id, "http", context,
        (p, key) -> cw.calls.get(id).render(context.render(p), key),
        request -> httpClient.send((io.cdpkit.workflows.spi.HttpRequestSpec) request));
  }

  private @Nullable Instant parseDate(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      // not an offset date-time; the forms below are tried in turn
    }
    try {
      return LocalDateTime.parse(text).atZone(cdp.zone()).toInstant();
    } catch (DateTimeException e) {
      // not a local date-time
    }
    try {
      return LocalDate.parse(text).atStartOfDay(cdp.zone()).toInstant();
    } catch (DateTimeException e) {
      // not a date
    }
    try {
      return Instant.ofEpochMilli((long) Double.parseDouble(text));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @FunctionalInterface
  private interface Renderer {
    Object render(Profile profile, IdempotencyKey key);
  }

  private Result send(
      CompiledWorkflow cw,
      Enrollment e,
      String stepId,
      String channel,
      Context context,
      Renderer renderer,
      Function<Object, SendOutcome> sender) {
    Instant now = context.now;
    IdempotencyKey key = IdempotencyKey.of(e.id(), stepId, e.attempt());
    Optional<SendRecord> existing = store.findSend(key);
    String after = cw.after(stepId);
    SendOutcome outcome;
    if (existing.isPresent() && existing.get().status() != SendRecord.Status.INTENDED) {
      outcome = replay(existing.get());
      if (outcome == null) {
        return new Next(after, "step " + stepId + ": skipped: " + existing.get().detail());
      }
    } else {
      Profile profile = context.profile();
      if (profile == null) {
        return new Cancel("profile deleted");
      }
      if (existing.isEmpty() && !channel.equals("http")) {
        String reason = unreachable(cw, profile, channel, now);
        if (reason == null) {
          SendPolicy.QuietHours quiet = cw.workflow.sendPolicy().quietHours();
          Instant end = quiet == null ? null : quietUntil(quiet, profile, now);
          if (end != null && quiet.action() == SendPolicy.QuietAction.HOLD) {
            return new WaitUntil(end, "step " + stepId + ": held for quiet hours until " + end);
          }
          reason = end != null ? "quiet hours" : capReached(cw, profile, channel, now);
        }
        if (reason != null) {
          store.recordSend(
              SendRecord.skip(key, cw.workflow.name(), profile.id(), channel, reason, now));
          return new Next(after, "step " + stepId + ": skipped: " + reason);
        }
      }
      Object request;
      try {
        request = renderer.render(profile, key);
      } catch (RenderException ex) {
        return skipOrFail(cw, existing, key, profile, channel, stepId, after,
            "cannot render: " + ex.getMessage(), now);
      } catch (InvalidInputException ex) {
        return skipOrFail(cw, existing, key, profile, channel, stepId, after,
            "cannot render: " + ex.field() + " " + ex.rule(), now);
      }
      if (existing.isEmpty()) {
        store.update(e);
        store.recordSend(SendRecord.intent(key, cw.workflow.name(), profile.id(), channel, now));
      } else {
        log.info("resending {} with the same key after a restart", key);
      }
      try {
        outcome = sender.apply(request);
        if (outcome == null) {
          outcome = SendOutcome.retryable("sender returned null");
        }
      } catch (RuntimeException ex) {
        log.warn("sender threw on {}", key, ex);
        outcome = SendOutcome.fromException(ex);
      }
      record(key, outcome, now);
    }
    if (outcome instanceof SendOutcome.Delivered) {
      return new Next(after, "step " + stepId + ": sent " + channel + " " + key);
    }
    if (outcome instanceof SendOutcome.RetryableFailure failure) {
      Optional<Duration> delay = retryPolicy.nextDelay(e.attempt(), failure);
      if (delay.isEmpty()) {
        return new Fail(
            "step " + stepId + ": gave up after " + e.attempt() + " attempt(s): "
                + failure.reason());
      }
      return new Retry(
          now.plus(delay.get()), e.attempt() + 1,
          "step " + stepId + ": attempt " + e.attempt() + " failed (" + failure.reason()
              + "), retrying in " + delay.get());
    }
    return new Fail("step " + stepId + ": " + ((SendOutcome.PermanentFailure) outcome).reason());
  }

  private Result skipOrFail(
      CompiledWorkflow cw,
      Optional<SendRecord> existing,
      IdempotencyKey key,
      Profile profile,
      String channel,
      String stepId,
      @Nullable String after,
      String reason,
      Instant now) {
    if (existing.isPresent()) {
      store.recordOutcome(key, SendRecord.Status.PERMANENT_FAILURE, reason, now);
      return new Fail("step " + stepId + ": " + reason);
    }
    store.recordSend(SendRecord.skip(key, cw.workflow.name(), profile.id(), channel, reason, now));
    return new Next(after, "step " + stepId + ": skipped: " + reason);
  }

  private void record(IdempotencyKey key, SendOutcome outcome, Instant now) {
    if (outcome instanceof SendOutcome.Delivered delivered) {
      store.recordOutcome(
          key, SendRecord.Status.DELIVERED, delivered.findProviderId().orElse(""), now);
    } else if (outcome instanceof SendOutcome.RetryableFailure failure) {
      store.recordOutcome(key, SendRecord.Status.RETRYABLE_FAILURE, failure.reason(), now);
    } else {
      store.recordOutcome(
          key, SendRecord.Status.PERMANENT_FAILURE,
          ((SendOutcome.PermanentFailure) outcome).reason(), now);
    }
  }

  /** The recorded outcome as a SendOutcome; null for a skip. */
  private static @Nullable SendOutcome replay(SendRecord record) {
    return switch (record.status()) {
      case DELIVERED -> SendOutcome.delivered();
      case RETRYABLE_FAILURE -> SendOutcome.retryable(record.detail());
      case PERMANENT_FAILURE -> SendOutcome.permanent(record.detail());
      case SKIPPED, INTENDED -> null;
    };
  }

  private @Nullable String unreachable(
      CompiledWorkflow cw, Profile profile, String channel, Instant now) {
    String rule = cw.workflow.consent().channel();
    if (rule == null) {
      return null;
    }
    Set<String> channels = new LinkedHashSet<>(List.of(rule, channel));
    for (String c : channels) {
      Reachability reach = cdp.privacy().reachability().check(profile, c, now);
      if (!reach.isReachable()) {
        return "not reachable on " + c + ": " + reach.reason()
            + (reach.detail().isEmpty() ? "" : " (" + reach.detail() + ")");
      }
    }
    return null;
  }

  /** When the quiet hours the send falls in end, or null when it falls in none. */
  private static @Nullable Instant quietUntil(
      SendPolicy.QuietHours quiet, Profile profile, Instant now) {
    ZoneId zone = quiet.defaultZone();
    Optional<AttributeValue> attribute = profile.attribute(quiet.zoneAttribute());
    if (attribute.isPresent() && attribute.get() instanceof TextValue text) {
      try {
        zone = ZoneId.of(text.value());
      } catch (DateTimeException e) {
        zone = quiet.defaultZone();
      }
    }
    ZonedDateTime local = now.atZone(zone);
    if (!quiet.contains(local.toLocalTime())) {
      return null;
    }
    ZonedDateTime end = local.with(quiet.to());
    if (!end.isAfter(local)) {
      end = end.plusDays(1).with(quiet.to());
    }
    return end.toInstant();
  }

  private @Nullable String capReached(
      CompiledWorkflow cw, Profile profile, String channel, Instant now) {
    for (SendPolicy.FrequencyCap cap : cw.workflow.sendPolicy().caps()) {
      if (cap.channel().equals(channel)
          && store.countDelivered(profile.id(), channel, now.minus(cap.period())) >= cap.max()) {
        return "frequency cap: at most " + cap.max() + " " + channel + " per " + cap.period();
      }
    }
    return null;
  }

  @Override
  public Subscription schedule(ScheduledExecutorService executor, Duration period) {
    Objects.requireNonNull(executor, "executor");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("period must be positive, was " + period);
    }
    ScheduledFuture<?> future =
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                runDue(cdp.clock().instant());
              } catch (RuntimeException e) {
                log.warn("scheduled workflow run failed", e);
              }
            },
            0, period.toNanos(), TimeUnit.NANOSECONDS);
    synchronized (scheduled) {
      scheduled.add(future);
    }
    return () -> future.cancel(false);
  }

  // ---------------------------------------------------------------- preview

  @Override
  public Preview preview(Workflow workflow, String profileId, Instant simulatedStart) {
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(simulatedStart, "simulatedStart");
    Profile profile =
        cdp.findProfile(profileId).orElseThrow(() -> new ProfileNotFoundException(profileId));
    Instant[] clock = {simulatedStart};
    List<Preview.Send> sends = new ArrayList<>();
    RecordingEmailSender emails =
        RecordingEmailSender.forwardingTo(
            m -> {
              sends.add(new Preview.Send(clock[0], "email", m.idempotencyKey(), m));
              return SendOutcome.delivered();
            });
    RecordingMessageSender messages =
        RecordingMessageSender.forwardingTo(
            m -> {
              sends.add(new Preview.Send(clock[0], m.channel(), m.idempotencyKey(), m));
              return SendOutcome.delivered();
            });
    RecordingHttpStepClient calls =
        RecordingHttpStepClient.forwardingTo(
            r -> {
              sends.add(new Preview.Send(clock[0], "http", r.idempotencyKey(), r));
              return SendOutcome.delivered();
            });
    InMemoryEnrollmentStore scratch = new InMemoryEnrollmentStore();
    DefaultWorkflowEngine simulation =
        new DefaultWorkflowEngine(
            cdp, segments, scratch, emails, messages, calls, retryPolicy, options,
            () -> "preview", List.of(), false);
    Workflow saved = simulation.save(workflow.withEnabled(true));
    CompiledWorkflow cw = simulation.compiled(saved.name(), saved.version());
    Optional<Enrollment> started = simulation.admit(cw, profile.id(), null, simulatedStart);
    started.ifPresent(scratch::insert);
    if (started.isEmpty()) {
      String reason =
          cw.workflow.consent().findChannel()
              .map(c -> cdp.privacy().reachability().check(profile, c, simulatedStart))
              .flatMap(Reachability::unreachableReason)
              .map(r -> "not entered: " + r)
              .orElse("not entered");
      return new Preview(
          saved.name(), profile.id(), EnrollmentState.CANCELLED,
          List.of(new io.cdpkit.workflows.HistoryEntry(simulatedStart, reason)), List.of());
    }
    Instant horizon = simulatedStart.plus(options.previewHorizon());
    Enrollment e = started.get();
    while (e.isLive() && e.dueAt() != null && !e.dueAt().isAfter(horizon)) {
      clock[0] = e.dueAt().isAfter(clock[0]) ? e.dueAt() : clock[0];
      simulation.runDue(clock[0]);
      e = scratch.find(e.id()).orElseThrow();
    }
    return new Preview(saved.name(), profile.id(), e.state(), e.history(), sends);
  }

  // ---------------------------------------------------------------- reports

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
      store.update(retried);
      return retried;
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
    for (Subscription use : uses.values()) {
      use.close();
    }
    uses.clear();
    synchronized (scheduled) {
      for (ScheduledFuture<?> future : scheduled) {
        future.cancel(false);
      }
      scheduled.clear();
    }
  }
}
