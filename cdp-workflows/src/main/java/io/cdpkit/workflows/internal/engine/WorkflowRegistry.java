package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.Subscription;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentDefinitions;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.StaticGroup;
import io.cdpkit.segments.ValidationContext;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowConflictException;
import io.cdpkit.workflows.WorkflowInUseException;
import io.cdpkit.workflows.WorkflowNotFoundException;
import io.cdpkit.workflows.WorkflowProblem;
import io.cdpkit.workflows.WorkflowValidationException;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflow definitions: validation, versions, enabled status, the compiled form of each
 * version (compiled once), and the segment uses their triggers hold. Writes run under the
 * engine's lock; reads are thread-safe.
 */
final class WorkflowRegistry implements AutoCloseable {

  /** Declares that a workflow's trigger uses a segment (keeps it maintained while used). */
  @FunctionalInterface
  interface SegmentUses {
    Subscription register(String segment, String user);

    /** For an engine that listens to nothing (a preview). */
    static SegmentUses none() {
      return (segment, user) -> () -> {};
    }
  }

  /** How a save changed the workflow's enabled status. */
  enum StatusChange {
    NONE,
    DISABLED,
    ENABLED
  }

  /** A saved workflow and how its status changed. */
  record Saved(Workflow workflow, StatusChange change) {}

  private final EnrollmentStore store;
  private final Segments segments;
  private final SegmentUses segmentUses;
  private final Map<String, CompiledWorkflow> compiled = new ConcurrentHashMap<>();
  private final Map<String, Subscription> uses = new ConcurrentHashMap<>();

  WorkflowRegistry(EnrollmentStore store, Segments segments, SegmentUses segmentUses) {
    this.store = store;
    this.segments = segments;
    this.segmentUses = segmentUses;
  }

  /** Registers the segment uses of every stored workflow (at start-up). */
  void registerStoredUses() {
    for (WorkflowStatus status : store.statuses()) {
      registerUse(current(status.name()).workflow);
    }
  }

  /**
   * Validates and stores the workflow: a new version when it differs from the latest, the same
   * version otherwise; sets its status.
   *
   * @throws WorkflowValidationException when it has problems
   */
  Saved save(Workflow workflow, Instant now) {
    List<WorkflowProblem> problems = Definitions.problems(workflow, validationContext());
    if (!problems.isEmpty()) {
      throw new WorkflowValidationException(workflow.name(), problems);
    }
    int version = storeVersion(workflow, now);
    Workflow saved = workflow.withVersion(version);
    Optional<WorkflowStatus> status = store.findStatus(workflow.name());
    boolean wasEnabled = status.map(WorkflowStatus::enabled).orElse(false);
    Instant since = status.map(WorkflowStatus::enabledSince).orElse(null);
    store.putStatus(
        new WorkflowStatus(
            workflow.name(),
            version,
            workflow.enabled(),
            workflow.enabled() ? (wasEnabled && since != null ? since : now) : null));
    StatusChange change = StatusChange.NONE;
    if (wasEnabled && !workflow.enabled()) {
      change = StatusChange.DISABLED;
    } else if (!wasEnabled && workflow.enabled() && status.isPresent()) {
      change = StatusChange.ENABLED;
    }
    registerUse(saved);
    return new Saved(saved.withEnabled(workflow.enabled()), change);
  }

  /** The version the workflow is stored as: the latest when unchanged, else a new one. */
  private int storeVersion(Workflow workflow, Instant now) {
    List<StoredWorkflow> versions = store.versions(workflow.name());
    if (!versions.isEmpty()) {
      StoredWorkflow latest = versions.get(versions.size() - 1);
      Workflow previous = Workflow.fromJson(latest.json());
      Workflow candidate = workflow.withVersion(latest.version()).withEnabled(true);
      if (candidate.equals(previous.withEnabled(true))) {
        return latest.version();
      }
      return saveVersion(workflow, latest.version() + 1, now);
    }
    return saveVersion(workflow, 1, now);
  }

  /**
   * Saves the version. Another instance saving the very same definition at the same moment is no
   * conflict: the store refuses the repeat and the version stored is this one.
   *
   * @throws WorkflowConflictException when another instance saved the version with another
   *     definition
   */
  private int saveVersion(Workflow workflow, int version, Instant now) {
    String json = workflow.withVersion(version).toJson();
    try {
      store.saveWorkflow(new StoredWorkflow(workflow.name(), version, json, now));
    } catch (IllegalStateException exists) {
      if (store.findWorkflow(workflow.name(), version).filter(w -> w.json().equals(json))
          .isEmpty()) {
        throw new WorkflowConflictException(workflow.name(), version);
      }
    }
    return version;
  }

  private ValidationContext validationContext() {
    SegmentDefinitions lookup =
        name ->
            segments.find(name).map(SavedSegment::expression)
                .map(text -> SegmentExpression.parse(text).expr());
    return ValidationContext.builder()
        .segments(lookup)
        .groups(name -> segments.groups().stream().map(StaticGroup::name).anyMatch(name::equals))
        .build();
  }

  private void registerUse(Workflow workflow) {
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
      uses.put(workflow.name(), segmentUses.register(segment, "workflow:" + workflow.name()));
    }
  }

  /** Enables the workflow; false when it already was. */
  boolean enable(String name, Instant now) {
    WorkflowStatus status = status(name);
    if (status.enabled()) {
      return false;
    }
    store.putStatus(new WorkflowStatus(name, status.currentVersion(), true, now));
    return true;
  }

  /** Disables the workflow; false when it already was. */
  boolean disable(String name) {
    WorkflowStatus status = status(name);
    if (!status.enabled()) {
      return false;
    }
    store.putStatus(new WorkflowStatus(name, status.currentVersion(), false, null));
    return true;
  }

  /**
   * Deletes every version of the workflow.
   *
   * @throws WorkflowInUseException while it has live enrollments
   */
  void delete(String name) {
    status(name);
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
  }

  /** Every workflow's status. */
  List<WorkflowStatus> statuses() {
    return store.statuses();
  }

  private WorkflowStatus status(String name) {
    return store.findStatus(name).orElseThrow(() -> notFound(name));
  }

  /** Whether the workflow exists and is enabled. */
  boolean isEnabled(String name) {
    return store.findStatus(name).map(WorkflowStatus::enabled).orElse(false);
  }

  /** The version, compiled once. */
  CompiledWorkflow compiled(String name, int version) {
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

  /** The current version, compiled. */
  CompiledWorkflow current(String name) {
    return compiled(name, status(name).currentVersion());
  }

  WorkflowNotFoundException notFound(String name) {
    List<String> names = new ArrayList<>();
    for (WorkflowStatus status : store.statuses()) {
      names.add(status.name());
    }
    return new WorkflowNotFoundException(name, String.join(", ", names));
  }

  Optional<Workflow> find(String name) {
    return store
        .findStatus(name)
        .map(s -> compiled(name, s.currentVersion()).workflow.withEnabled(s.enabled()));
  }

  Optional<Workflow> findVersion(String name, int version) {
    return store.findWorkflow(name, version).map(s -> Workflow.fromJson(s.json()));
  }

  List<Workflow> list() {
    List<Workflow> result = new ArrayList<>();
    for (WorkflowStatus status : store.statuses()) {
      result.add(
          compiled(status.name(), status.currentVersion()).workflow.withEnabled(status.enabled()));
    }
    return result;
  }

  /** Releases the segment uses. */
  @Override
  public void close() {
    for (Subscription use : uses.values()) {
      use.close();
    }
    uses.clear();
  }
}
