package io.cdpkit.workflows.spi;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the workflow engine keeps everything that must survive a restart: workflow definitions
 * and their versions, each workflow's status, enrollments (state, version, step, due instant,
 * history), the send records that make sends idempotent (intent before the sender is called,
 * outcome after, keyed by {@link IdempotencyKey}) and the signals heard on the ingest path that
 * are not handled yet ({@link StoredSignal}). Implementations: {@code
 * io.cdpkit.workflows.memory.InMemoryEnrollmentStore}; a new one passes {@code
 * EnrollmentStoreContract} from this module's test-jar.
 *
 * <p>Each method is atomic on its own; the engine calls the store from one thread at a time per
 * engine, but implementations must be thread-safe. A durable implementation must make a write
 * durable before the method returns: the engine records an intent and then calls the sender, so a
 * lost intent could double a send after a crash.
 */
public interface EnrollmentStore {

  /** Saves a definition version. @throws IllegalStateException when that version exists */
  void saveWorkflow(StoredWorkflow workflow);

  Optional<StoredWorkflow> findWorkflow(String name, int version);

  /** Every saved version of the workflow, oldest first. */
  List<StoredWorkflow> versions(String name);

  /**
   * Creates or replaces the workflow's status, except that the current version never goes back:
   * a status put with an older version than the stored one keeps the stored version (and takes
   * the rest). Two instances saving versions 1 and 2 of one workflow at once thus end on 2,
   * whichever status arrives last.
   */
  void putStatus(WorkflowStatus status);

  Optional<WorkflowStatus> findStatus(String name);

  /** Every workflow's status, by name. */
  List<WorkflowStatus> statuses();

  /** Removes the workflow's versions, status and enrollments; send records stay. */
  void deleteWorkflow(String name);

  /**
   * Adds an enrollment at revision 0, unless its profile has a live enrollment in its workflow or
   * the re-entry rule refuses it (see {@link NewEnrollment}): the check and the insert are one
   * atomic step, so two engines admitting one profile at once enroll it once.
   *
   * @return false when refused (nothing is stored)
   * @throws IllegalStateException when the id exists
   */
  boolean insert(NewEnrollment enrollment);

  /** {@link #insert(NewEnrollment)}, refused only beside a live enrollment. */
  default boolean insert(Enrollment enrollment) {
    return insert(NewEnrollment.of(enrollment));
  }

  /**
   * Replaces an enrollment by id if the stored one still has the copy's {@link
   * Enrollment#revision()}, and returns it as stored, its revision one more.
   *
   * @throws StaleEnrollmentException when another writer replaced it since the copy was read
   * @throws IllegalStateException when the id is unknown
   */
  Enrollment update(Enrollment enrollment);

  Optional<Enrollment> find(String enrollmentId);

  /**
   * At most {@code limit} {@link EnrollmentState#ACTIVE} or {@link EnrollmentState#WAITING}
   * enrollments due at or before {@code now}, earliest due first (then by id).
   */
  List<Enrollment> due(Instant now, int limit);

  /** The profile's enrollments in every workflow, by entry (then id). */
  List<Enrollment> ofProfile(String profileId);

  /** The workflow's enrollments, by entry (then id). */
  List<Enrollment> ofWorkflow(String workflow);

  /** How many of the workflow's enrollments are in each state; absent states count zero. */
  Map<EnrollmentState, Long> countByState(String workflow);

  /** How many of the workflow's enrollments converted. */
  long countConverted(String workflow);

  /** Records a send intent or skip. @throws IllegalStateException when the key exists */
  void recordSend(SendRecord record);

  /**
   * Records the outcome of an intent.
   *
   * @throws IllegalStateException when no record has the key
   */
  void recordOutcome(IdempotencyKey key, SendRecord.Status status, String detail, Instant at);

  Optional<SendRecord> findSend(IdempotencyKey key);

  /** The enrollment's send records, by intent instant (then key). */
  List<SendRecord> sendsOf(String enrollmentId);

  /** Delivered sends to the profile on the channel whose intent was at or after {@code since}. */
  long countDelivered(String profileId, String channel, Instant since);

  /**
   * Deletes every enrollment of the profile and every send record naming it (a GDPR erasure);
   * returns how many enrollments went.
   */
  int forgetProfile(String profileId);

  /**
   * Appends a signal and returns its id, greater than every id appended before. Called on the
   * ingest path, so it is one small write.
   */
  long appendSignal(StoredSignal.Kind kind, String payload);

  /**
   * Appends signals of one kind in order, atomically, with ids as {@link #appendSignal} gives
   * them: one write for what an ingest call heard. By default one {@code appendSignal} each.
   */
  default void appendSignals(StoredSignal.Kind kind, List<String> payloads) {
    for (String payload : payloads) {
      appendSignal(kind, payload);
    }
  }

  /** At most {@code limit} signals not yet completed, oldest (smallest id) first. */
  List<StoredSignal> pendingSignals(int limit);

  /**
   * Inserts the enrollments that handling a signal created and deletes the signal, atomically:
   * after a crash either both are stored or neither is, so a signal handled again can never enroll
   * twice. An enrollment is refused as {@link #insert} refuses it. An unknown signal id deletes
   * nothing.
   *
   * @return how many enrollments were inserted
   * @throws IllegalStateException when an enrollment id exists (nothing is changed then)
   */
  int completeSignal(long signalId, Collection<NewEnrollment> created);

  /**
   * True when this store appends an {@link StoredSignal.Kind#EVENT_STORED} signal for every event
   * stored in the {@link io.cdpkit.core.spi.Storage} it shares a database with, in the very
   * transaction that stores the event, while some workflow is enabled. The engine then appends no
   * such signal itself: an event stored by any process reaches the triggers, also when that
   * process dies right after its commit. False by default: the engine appends the signal after the
   * Cdp's commit, in the process that stored the event.
   */
  default boolean signalsStoredEvents() {
    return false;
  }

  /**
   * True when this store appends a {@link StoredSignal.Kind#PROFILES_MERGED} signal for every merge
   * recorded in the identity log of the {@link io.cdpkit.core.spi.Storage} it shares a database
   * with, in the transaction that records it, while some workflow exists. The engine then appends
   * none itself, so a merge made by any process moves its enrollments, also across a crash right
   * after the merge commits. False by default: the engine appends it after the Cdp's commit.
   */
  default boolean signalsMerges() {
    return false;
  }
}
