package io.cdpkit.workflows.enrollment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One profile's way through one version of a workflow, as stored. Immutable; the engine stores a
 * new copy at each change.
 *
 * @param id the enrollment id
 * @param workflow the workflow's name
 * @param version the workflow version it started on and keeps
 * @param profileId the enrolled profile (the survivor after a merge)
 * @param state where it stands
 * @param stepId the id of the step it runs next (or waits in), or null once past the last step
 * @param dueAt when it runs next, for {@link EnrollmentState#ACTIVE} and {@link
 *     EnrollmentState#WAITING} (kept while {@link EnrollmentState#PAUSED}); null when final
 * @param enteredAt when it started
 * @param stepStartedAt when the current step started (an event wait counts events from here)
 * @param attempt the attempt number of the current send step, from 1
 * @param triggerEventId the event that started it, or null
 * @param converted whether the profile met the workflow's goal during the enrollment
 * @param reason why it failed or was cancelled, or null
 * @param endedAt when it reached a final state, or null
 * @param history what happened, oldest first
 * @param revision how often the store has replaced it: 0 as inserted, one more at each {@link
 *     io.cdpkit.workflows.spi.EnrollmentStore#update update}, which refuses a copy whose revision
 *     is not the stored one (another writer changed it since the copy was read)
 */
public record Enrollment(
    String id,
    String workflow,
    int version,
    String profileId,
    EnrollmentState state,
    @Nullable String stepId,
    @Nullable Instant dueAt,
    Instant enteredAt,
    Instant stepStartedAt,
    int attempt,
    @Nullable String triggerEventId,
    boolean converted,
    @Nullable String reason,
    @Nullable Instant endedAt,
    List<HistoryEntry> history,
    long revision) {

  public Enrollment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(enteredAt, "enteredAt");
    Objects.requireNonNull(stepStartedAt, "stepStartedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
    }
    history = List.copyOf(history);
  }

  /** A new enrollment, {@link EnrollmentState#ACTIVE} and due at {@code now}. */
  public static Enrollment start(
      String id,
      String workflow,
      int version,
      String profileId,
      @Nullable String firstStepId,
      @Nullable String triggerEventId,
      Instant now) {
    return new Enrollment(
        id, workflow, version, profileId, EnrollmentState.ACTIVE, firstStepId, now, now, now, 1,
        triggerEventId, false, null, null,
        List.of(new HistoryEntry(now, "entered version " + version)), 0);
  }

  public Optional<String> findStepId() {
    return Optional.ofNullable(stepId);
  }

  public Optional<Instant> findDueAt() {
    return Optional.ofNullable(dueAt);
  }

  public Optional<String> findReason() {
    return Optional.ofNullable(reason);
  }

  public Optional<String> findTriggerEventId() {
    return Optional.ofNullable(triggerEventId);
  }

  /** True while it can still run (not final). */
  public boolean isLive() {
    return !state.isFinal();
  }

  /** A copy in another state with a new due instant. */
  public Enrollment withState(EnrollmentState newState, @Nullable Instant newDueAt) {
    return new Enrollment(
        id, workflow, version, profileId, newState, stepId, newDueAt, enteredAt, stepStartedAt,
        attempt, triggerEventId, converted, reason, endedAt, history, revision);
  }

  /** A copy at another step (attempt 1, started at {@code now}). */
  public Enrollment atStep(@Nullable String newStepId, Instant now) {
    return new Enrollment(
        id, workflow, version, profileId, state, newStepId, dueAt, enteredAt, now, 1,
        triggerEventId, converted, reason, endedAt, history, revision);
  }

  /** A copy with another attempt number. */
  public Enrollment withAttempt(int newAttempt) {
    return new Enrollment(
        id, workflow, version, profileId, state, stepId, dueAt, enteredAt, stepStartedAt,
        newAttempt, triggerEventId, converted, reason, endedAt, history, revision);
  }

  /** A copy that converted. */
  public Enrollment withConverted() {
    return new Enrollment(
        id, workflow, version, profileId, state, stepId, dueAt, enteredAt, stepStartedAt,
        attempt, triggerEventId, true, reason, endedAt, history, revision);
  }

  /** A copy for another profile (the survivor of a merge). */
  public Enrollment withProfileId(String newProfileId) {
    return new Enrollment(
        id, workflow, version, newProfileId, state, stepId, dueAt, enteredAt, stepStartedAt,
        attempt, triggerEventId, converted, reason, endedAt, history, revision);
  }

  /** A final copy with the reason (may be null) and end instant. */
  public Enrollment ended(@Nullable String why, Instant at) {
    return new Enrollment(
        id, workflow, version, profileId, state, stepId, null, enteredAt, stepStartedAt,
        attempt, triggerEventId, converted, why, at, history, revision);
  }

  /** A copy that is no longer ended (a dead letter retried). */
  public Enrollment reopened() {
    return new Enrollment(
        id, workflow, version, profileId, state, stepId, dueAt, enteredAt, stepStartedAt,
        attempt, triggerEventId, converted, null, null, history, revision);
  }

  /** A copy at another revision (a stored copy's, to write over what another writer stored). */
  public Enrollment withRevision(long newRevision) {
    return new Enrollment(
        id, workflow, version, profileId, state, stepId, dueAt, enteredAt, stepStartedAt,
        attempt, triggerEventId, converted, reason, endedAt, history, newRevision);
  }

  /** A copy with one more history line. */
  public Enrollment note(Instant at, String what) {
    List<HistoryEntry> more = new ArrayList<>(history.size() + 1);
    more.addAll(history);
    more.add(new HistoryEntry(at, what));
    return new Enrollment(
        id, workflow, version, profileId, state, stepId, dueAt, enteredAt, stepStartedAt,
        attempt, triggerEventId, converted, reason, endedAt, more, revision);
  }
}
