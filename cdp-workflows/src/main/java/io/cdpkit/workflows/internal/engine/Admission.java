package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.consent.Reachability;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.ReEntryPolicy;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.NewEnrollment;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a profile may enter a workflow: enabled, no live enrollment, the re-entry
 * policy, consent on entry.
 */
final class Admission {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

  private final WorkflowRegistry registry;
  private final EnrollmentStore store;
  private final ProfileReads reads;
  private final Supplier<String> idGenerator;

  Admission(
      WorkflowRegistry registry,
      EnrollmentStore store,
      ProfileReads reads,
      Supplier<String> idGenerator) {
    this.registry = registry;
    this.store = store;
    this.reads = reads;
    this.idGenerator = idGenerator;
  }

  /**
   * The enrollment to start if the workflow is enabled and the policies allow, not yet stored,
   * with the re-entry rule its insert checks again atomically; empty when refused.
   */
  Optional<NewEnrollment> admit(
      CompiledWorkflow cw, String profileId, @Nullable String eventId, Instant now) {
    String name = cw.workflow.name();
    if (!registry.isEnabled(name)) {
      return Optional.empty();
    }
    Optional<Profile> profile = reads.findProfile(profileId);
    if (profile.isEmpty()) {
      return Optional.empty();
    }
    String id = profile.get().id();
    if (!reEntryAllows(cw, id, now)) {
      return Optional.empty();
    }
    String channel = cw.workflow.consent().channel();
    if (channel != null) {
      Reachability reach = reads.reachability(profile.get(), channel, now);
      if (!reach.isReachable()) {
        log.debug("workflow {}: entry refused: {}", name, reach.reason());
        return Optional.empty();
      }
    }
    Enrollment started =
        Enrollment.start(
            idGenerator.get(), name, cw.workflow.version(), id, cw.firstStepId, eventId, now);
    return Optional.of(new NewEnrollment(started, refusedAfter(cw.workflow.reEntry(), now)));
  }

  /**
   * The re-entry rule as the store checks it: another engine may enroll and end the profile
   * between the read above and the insert, which must then still be refused.
   */
  private static @Nullable Instant refusedAfter(ReEntryPolicy reEntry, Instant now) {
    return switch (reEntry.kind()) {
      case ONCE -> Instant.MIN;
      case AFTER_COMPLETION -> null;
      case AFTER_COOL_DOWN -> now.minus(reEntry.coolDown());
    };
  }

  /** No live enrollment, and the re-entry policy allows another after the latest one. */
  private boolean reEntryAllows(CompiledWorkflow cw, String profileId, Instant now) {
    Enrollment latest = null;
    for (Enrollment e : store.ofProfile(profileId)) {
      if (e.workflow().equals(cw.workflow.name())) {
        if (e.isLive()) {
          return false;
        }
        latest = e;
      }
    }
    if (latest == null) {
      return true;
    }
    ReEntryPolicy reEntry = cw.workflow.reEntry();
    if (reEntry.kind() == ReEntryPolicy.Kind.ONCE) {
      return false;
    }
    Instant ended = latest.endedAt() == null ? latest.enteredAt() : latest.endedAt();
    return !(reEntry.kind() == ReEntryPolicy.Kind.AFTER_COOL_DOWN
        && ended.plus(reEntry.coolDown()).isAfter(now));
  }
}
