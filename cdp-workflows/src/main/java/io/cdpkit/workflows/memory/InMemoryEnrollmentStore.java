package io.cdpkit.workflows.memory;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.SendRecord;
import io.cdpkit.workflows.spi.StaleEnrollmentException;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.StoredWorkflow;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/*
 * One lock for everything: the engine is the only writer (but for signals appended on ingest
 * threads, each a short insert) and calls from one thread at a time, so contention is rare and a
 * single monitor keeps the indexes consistent with the main map. The due index is a TreeSet
 * ordered by (dueAt, id) holding only ACTIVE and WAITING enrollments, so due(now) costs
 * O(log n + k) with 100,000 waiting enrollments.
 */

/**
 * An {@link EnrollmentStore} in memory: for tests, previews and engines that need no restart.
 * Thread-safe; nothing survives the process.
 */
public final class InMemoryEnrollmentStore implements EnrollmentStore {
  private record DueKey(Instant dueAt, String id) {}

  private static final Comparator<DueKey> DUE_ORDER =
      Comparator.comparing(DueKey::dueAt).thenComparing(DueKey::id);
  private static final Comparator<Enrollment> ENTRY_ORDER =
      Comparator.comparing(Enrollment::enteredAt).thenComparing(Enrollment::id);

  private final Object lock = new Object();
  private final Map<String, TreeMap<Integer, StoredWorkflow>> workflows = new HashMap<>();
  private final TreeMap<String, WorkflowStatus> statuses = new TreeMap<>();
  private final Map<String, Enrollment> enrollments = new HashMap<>();
  private final TreeSet<DueKey> due = new TreeSet<>(DUE_ORDER);
  private final Map<String, Set<String>> byProfile = new HashMap<>();
  private final Map<String, Set<String>> byWorkflow = new HashMap<>();
  private final Map<IdempotencyKey, SendRecord> sends = new HashMap<>();
  private final Map<String, List<IdempotencyKey>> sendsByEnrollment = new HashMap<>();
  private final TreeMap<Long, StoredSignal> signals = new TreeMap<>();
  private long lastSignalId;
  private final boolean signalsStoredEvents;

  /** An empty store; the engine appends the signals of stored events itself. */
  public InMemoryEnrollmentStore() {
    this(false);
  }

  private InMemoryEnrollmentStore(boolean signalsStoredEvents) {
    this.signalsStoredEvents = signalsStoredEvents;
  }

  /**
   * An empty store whose owner appends an {@link StoredSignal.Kind#EVENT_STORED} signal for each
   * event its storage stores and a {@link StoredSignal.Kind#PROFILES_MERGED} signal for each merge
   * it records (see {@link EnrollmentStore#signalsStoredEvents()} and {@link
   * EnrollmentStore#signalsMerges()}), as the platform's in-memory storage does.
   */
  public static InMemoryEnrollmentStore signallingStoredEvents() {
    return new InMemoryEnrollmentStore(true);
  }

  @Override
  public boolean signalsStoredEvents() {
    return signalsStoredEvents;
  }

  @Override
  public boolean signalsMerges() {
    return signalsStoredEvents;
  }

  @Override
  public void saveWorkflow(StoredWorkflow workflow) {
    Objects.requireNonNull(workflow, "workflow");
    synchronized (lock) {
      TreeMap<Integer, StoredWorkflow> versions =
          workflows.computeIfAbsent(workflow.name(), n -> new TreeMap<>());
      if (versions.containsKey(workflow.version())) {
        throw new IllegalStateException(
            "workflow " + workflow.name() + " version " + workflow.version() + " exists");
      }
      versions.put(workflow.version(), workflow);
    }
  }

  @Override
  public Optional<StoredWorkflow> findWorkflow(String name, int version) {
    synchronized (lock) {
      TreeMap<Integer, StoredWorkflow> versions = workflows.get(name);
      return versions == null ? Optional.empty() : Optional.ofNullable(versions.get(version));
    }
  }

  @Override
  public List<StoredWorkflow> versions(String name) {
    synchronized (lock) {
      TreeMap<Integer, StoredWorkflow> versions = workflows.get(name);
      return versions == null ? List.of() : List.copyOf(versions.values());
    }
  }

  @Override
  public void putStatus(WorkflowStatus status) {
    Objects.requireNonNull(status, "status");
    synchronized (lock) {
      statuses.merge(status.name(), status, (stored, put) ->
          put.currentVersion() >= stored.currentVersion() ? put : new WorkflowStatus(
              put.name(), stored.currentVersion(), put.enabled(), put.enabledSince()));
    }
  }

  @Override
  public Optional<WorkflowStatus> findStatus(String name) {
    synchronized (lock) {
      return Optional.ofNullable(statuses.get(name));
    }
  }

  @Override
  public List<WorkflowStatus> statuses() {
    synchronized (lock) {
      return List.copyOf(statuses.values());
    }
  }

  @Override
  public void deleteWorkflow(String name) {
    synchronized (lock) {
      workflows.remove(name);
      statuses.remove(name);
      Set<String> ids = byWorkflow.remove(name);
      if (ids != null) {
        for (String id : ids) {
          Enrollment removed = enrollments.remove(id);
          if (removed != null) {
            unindex(removed);
          }
        }
      }
    }
  }

  @Override
  public boolean insert(NewEnrollment enrollment) {
    Objects.requireNonNull(enrollment, "enrollment");
    synchronized (lock) {
      if (enrollments.containsKey(enrollment.enrollment().id())) {
        throw new IllegalStateException("enrollment " + enrollment.enrollment().id() + " exists");
      }
      return add(enrollment);
    }
  }

  /** Adds it at revision 0 unless an enrollment of its profile in its workflow refuses it. */
  private boolean add(NewEnrollment admitted) {
    Enrollment enrollment = admitted.enrollment();
    Instant refusedAfter = admitted.refusedAfter();
    for (String id : byProfile.getOrDefault(enrollment.profileId(), Set.of())) {
      Enrollment other = enrollments.get(id);
      if (other.workflow().equals(enrollment.workflow()) && (other.isLive()
          || (refusedAfter != null && endOrEntry(other).isAfter(refusedAfter)))) {
        return false;
      }
    }
    Enrollment stored = enrollment.withRevision(0);
    enrollments.put(stored.id(), stored);
    index(stored);
    byWorkflow.computeIfAbsent(stored.workflow(), w -> new LinkedHashSet<>()).add(stored.id());
    return true;
  }

  private static Instant endOrEntry(Enrollment e) {
    return e.endedAt() == null ? e.enteredAt() : e.endedAt();
  }

  @Override
  public Enrollment update(Enrollment enrollment) {
    Objects.requireNonNull(enrollment, "enrollment");
    synchronized (lock) {
      Enrollment previous = enrollments.get(enrollment.id());
      if (previous == null) {
        throw new IllegalStateException("enrollment " + enrollment.id() + " is unknown");
      }
      if (previous.revision() != enrollment.revision()) {
        throw new StaleEnrollmentException(enrollment.id(), enrollment.revision());
      }
      Enrollment stored = enrollment.withRevision(enrollment.revision() + 1);
      unindex(previous);
      enrollments.put(stored.id(), stored);
      index(stored);
      return stored;
    }
  }

  private void index(Enrollment enrollment) {
    if (isDueable(enrollment)) {
      due.add(new DueKey(enrollment.dueAt(), enrollment.id()));
    }
    byProfile.computeIfAbsent(enrollment.profileId(), p -> new LinkedHashSet<>())
        .add(enrollment.id());
  }

  private void unindex(Enrollment enrollment) {
    if (isDueable(enrollment)) {
      due.remove(new DueKey(enrollment.dueAt(), enrollment.id()));
    }
    Set<String> ofProfile = byProfile.get(enrollment.profileId());
    if (ofProfile != null) {
      ofProfile.remove(enrollment.id());
      if (ofProfile.isEmpty()) {
        byProfile.remove(enrollment.profileId());
      }
    }
  }

  private static boolean isDueable(Enrollment enrollment) {
    return enrollment.dueAt() != null
        && (enrollment.state() == EnrollmentState.ACTIVE
            || enrollment.state() == EnrollmentState.WAITING);
  }

  @Override
  public Optional<Enrollment> find(String enrollmentId) {
    synchronized (lock) {
      return Optional.ofNullable(enrollments.get(enrollmentId));
    }
  }

  @Override
  public List<Enrollment> due(Instant now, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    synchronized (lock) {
      List<Enrollment> result = new ArrayList<>(Math.min(limit, 1024));
      for (DueKey key : due) {
        if (key.dueAt().isAfter(now) || result.size() == limit) {
          break;
        }
        result.add(enrollments.get(key.id()));
      }
      return result;
    }
  }

  @Override
  public List<Enrollment> ofProfile(String profileId) {
    synchronized (lock) {
      return collect(byProfile.get(profileId));
    }
  }

  @Override
  public List<Enrollment> ofWorkflow(String workflow) {
    synchronized (lock) {
      return collect(byWorkflow.get(workflow));
    }
  }

  private List<Enrollment> collect(Set<String> ids) {
    if (ids == null) {
      return List.of();
    }
    List<Enrollment> result = new ArrayList<>(ids.size());
    for (String id : ids) {
      result.add(enrollments.get(id));
    }
    result.sort(ENTRY_ORDER);
    return result;
  }

  @Override
  public Map<EnrollmentState, Long> countByState(String workflow) {
    synchronized (lock) {
      Map<EnrollmentState, Long> counts = new EnumMap<>(EnrollmentState.class);
      for (Enrollment enrollment : collect(byWorkflow.get(workflow))) {
        counts.merge(enrollment.state(), 1L, Long::sum);
      }
      return counts;
    }
  }

  @Override
  public long countConverted(String workflow) {
    synchronized (lock) {
      return collect(byWorkflow.get(workflow)).stream().filter(Enrollment::converted).count();
    }
  }

  @Override
  public void recordSend(SendRecord record) {
    Objects.requireNonNull(record, "record");
    synchronized (lock) {
      if (sends.containsKey(record.key())) {
        throw new IllegalStateException("a send with key " + record.key() + " is recorded");
      }
      sends.put(record.key(), record);
      sendsByEnrollment.computeIfAbsent(record.key().enrollmentId(), e -> new ArrayList<>())
          .add(record.key());
    }
  }

  @Override
  public void recordOutcome(
      IdempotencyKey key, SendRecord.Status status, String detail, Instant at) {
    synchronized (lock) {
      SendRecord record = sends.get(key);
      if (record == null) {
        throw new IllegalStateException("no send recorded with key " + key);
      }
      sends.put(key, record.withOutcome(status, detail, at));
    }
  }

  @Override
  public Optional<SendRecord> findSend(IdempotencyKey key) {
    synchronized (lock) {
      return Optional.ofNullable(sends.get(key));
    }
  }

  @Override
  public List<SendRecord> sendsOf(String enrollmentId) {
    synchronized (lock) {
      List<SendRecord> result = new ArrayList<>();
      for (IdempotencyKey key : sendsByEnrollment.getOrDefault(enrollmentId, List.of())) {
        result.add(sends.get(key));
      }
      result.sort(
          Comparator.comparing(SendRecord::intentAt).thenComparing(r -> r.key().toString()));
      return result;
    }
  }

  @Override
  public long countDelivered(String profileId, String channel, Instant since) {
    synchronized (lock) {
      long count = 0;
      for (SendRecord record : sends.values()) {
        if (record.status() == SendRecord.Status.DELIVERED
            && record.profileId().equals(profileId)
            && record.channel().equals(channel)
            && !record.intentAt().isBefore(since)) {
          count++;
        }
      }
      return count;
    }
  }

  @Override
  public int forgetProfile(String profileId) {
    synchronized (lock) {
      List<String> ids = List.copyOf(byProfile.getOrDefault(profileId, Set.of()));
      for (String id : ids) {
        Enrollment removed = enrollments.remove(id);
        if (removed != null) {
          unindex(removed);
          Set<String> ofWorkflow = byWorkflow.get(removed.workflow());
          if (ofWorkflow != null) {
            ofWorkflow.remove(id);
          }
        }
        sendsByEnrollment.remove(id);
      }
      sends.values().removeIf(record -> record.profileId().equals(profileId));
      return ids.size();
    }
  }

  @Override
  public long appendSignal(StoredSignal.Kind kind, String payload) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(payload, "payload");
    synchronized (lock) {
      long id = ++lastSignalId;
      signals.put(id, new StoredSignal(id, kind, payload));
      return id;
    }
  }

  @Override
  public List<StoredSignal> pendingSignals(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    synchronized (lock) {
      return signals.values().stream().limit(limit).toList();
    }
  }

  @Override
  public int completeSignal(long signalId, Collection<NewEnrollment> created) {
    List<NewEnrollment> list = List.copyOf(created);
    synchronized (lock) {
      Set<String> ids = new HashSet<>();
      for (NewEnrollment admitted : list) {
        String id = admitted.enrollment().id();
        if (enrollments.containsKey(id) || !ids.add(id)) {
          throw new IllegalStateException("enrollment " + id + " exists");
        }
      }
      int inserted = 0;
      for (NewEnrollment enrollment : list) {
        inserted += add(enrollment) ? 1 : 0;
      }
      signals.remove(signalId);
      return inserted;
    }
  }
}
