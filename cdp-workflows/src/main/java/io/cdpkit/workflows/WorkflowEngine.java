package io.cdpkit.workflows;

import io.cdpkit.core.delivery.DueWork;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Subscription;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.internal.engine.DefaultWorkflowEngine;
import io.cdpkit.workflows.internal.engine.EngineConfig;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.HttpStepClient;
import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.core.delivery.RetryPolicy;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.workflows.spi.SendRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs workflows: saves and versions definitions, enrolls profiles when triggers fire, and
 * advances enrollments step by step, durably and without doubling a send. Build one with {@link
 * #builder(Cdp, Segments)}; drive it with {@link #runDue(Instant)} (tests move a {@code
 * TestClock} and call it) or {@link #schedule}. Thread-safe: triggers only enqueue on the thread
 * that stored a change; {@link #runDue} runs one call at a time.
 *
 * <pre>{@code
 * try (WorkflowEngine engine = WorkflowEngine.builder(cdp, segments)
 *     .store(new InMemoryEnrollmentStore())
 *     .emailSender(smtpSender)
 *     .retryPolicy(RetryPolicy.defaults())
 *     .build()) {
 *   engine.save(welcome);                  // validated, version 1, enabled
 *   cdp.track(Track.builder("registered").identifier(Identifier.email("ann@example.com")).build());
 *   engine.runDue(clock.instant());        // enrolls Ann and sends the first email
 *   engine.figures("welcome");             // entered 1, ...
 * }
 * }</pre>
 *
 * <h2>Sends are never doubled</h2>
 *
 * Each send carries an {@link io.cdpkit.workflows.spi.IdempotencyKey} (enrollment, step,
 * attempt). The engine records the intent in the {@link EnrollmentStore} before calling the
 * sender and the outcome after. After a restart, a send whose outcome is recorded is not made
 * again; an intent without an outcome (the process died while sending) is sent again with the
 * same key, so a receiver that deduplicates by key sees one send. A retry after a definite
 * retryable failure uses the next attempt number, after the {@link RetryPolicy}'s back-off.
 */
public interface WorkflowEngine extends DueWork<RunReport>, AutoCloseable {

  /** A builder over the Cdp and its Segments. */
  static Builder builder(Cdp cdp, Segments segments) {
    return new Builder(cdp, segments);
  }

  /**
   * Validates and saves a workflow. A definition different from the current version becomes a
   * new version (running enrollments keep theirs); an identical one changes nothing. The saved
   * enabled flag applies: saving an enabled workflow enables it (segment triggers fire from now).
   *
   * @return the workflow as saved, with its version
   * @throws WorkflowValidationException with every problem found
   * @throws WorkflowConflictException when an engine on another instance saved another definition
   *     as the same new version at the same moment (the same definition is no conflict)
   */
  Workflow save(Workflow workflow);

  /** The current version of the workflow, with its enabled flag. */
  Optional<Workflow> find(String name);

  /** @throws WorkflowNotFoundException when unknown */
  Workflow get(String name);

  /** One saved version. */
  Optional<Workflow> findVersion(String name, int version);

  /** Every workflow's current version, by name. */
  List<Workflow> list();

  /**
   * Takes new entries again and resumes paused enrollments; a wait that fell due meanwhile goes
   * on at the next {@link #runDue}. Segment triggers fire for transitions from now on.
   *
   * @throws WorkflowNotFoundException when unknown
   */
  void enable(String name);

  /**
   * Stops new entries and pauses the workflow's enrollments.
   *
   * @throws WorkflowNotFoundException when unknown
   */
  void disable(String name);

  /**
   * Disables the workflow and cancels every enrollment that is not final.
   *
   * @return how many were cancelled
   * @throws WorkflowNotFoundException when unknown
   */
  int abort(String name);

  /**
   * Deletes the workflow with its versions and enrollments.
   *
   * @throws WorkflowInUseException while enrollments are not final; abort first
   * @throws WorkflowNotFoundException when unknown
   */
  void delete(String name);

  /**
   * Enrolls one profile now, as a trigger would: consent on entry and the re-entry policy apply.
   *
   * @return the enrollment, or empty when refused
   * @throws WorkflowNotFoundException when unknown
   */
  Optional<Enrollment> enroll(String workflow, String profileId);

  /**
   * Starts the workflow once, now, for every current member of the audience, enrolling them in
   * batches; the steps run on the following {@link #runDue} calls.
   *
   * @throws WorkflowNotFoundException when the workflow is unknown
   */
  BroadcastResult broadcast(String workflow, Audience audience);

  /**
   * Takes queued trigger signals and advances every enrollment due at {@code now}, each as far as
   * it can go. One call at a time; returns when nothing is due.
   */
  @Override
  RunReport runDue(Instant now);

  /**
   * Calls {@link #runDue} with the Cdp's clock on the executor every {@code period}, until the
   * returned subscription (or the engine) is closed, the first run at once. Failures are logged
   * and the next run goes on.
   *
   * @throws io.cdpkit.core.InvalidInputException when the period is under a millisecond
   */
  Subscription schedule(ScheduledExecutorService executor, Duration period);

  /**
   * Runs the workflow (validated, not saved) for one profile from {@code simulatedStart} on a
   * simulated clock with recording senders and a throw-away store, without side effects. Events
   * are read from the Cdp as stored now, so an event wait takes its timeout path unless the event
   * is already stored; frequency caps count only the preview's own sends.
   *
   * @throws WorkflowValidationException when the workflow has problems
   * @throws io.cdpkit.core.ProfileNotFoundException when the profile is unknown
   */
  Preview preview(Workflow workflow, String profileId, Instant simulatedStart);

  /** The workflow's failed enrollments (dead letters), with their reasons, by entry. */
  List<Enrollment> failed(String workflow);

  /**
   * Tries a failed enrollment again from the step that failed, with the next attempt number.
   *
   * @throws EnrollmentNotFoundException when unknown
   * @throws IllegalTransitionException when it is not failed
   */
  Enrollment retry(String enrollmentId);

  /** The workflow's figures over all versions. */
  ConversionFigures figures(String workflow);

  Optional<Enrollment> findEnrollment(String enrollmentId);

  /** The profile's enrollments in every workflow, by entry. */
  List<Enrollment> enrollmentsOf(String profileId);

  /** The workflow's enrollments, by entry. */
  List<Enrollment> enrollments(String workflow);

  /** The enrollment's send records: intents, outcomes and skips with their reasons. */
  List<SendRecord> sends(String enrollmentId);

  /** Stops listening to the Cdp and Segments, and stops scheduled runs; the store stays open. */
  @Override
  void close();

  /**
   * Configures a {@link WorkflowEngine}. Each setter checks its argument and refuses a second
   * setting. Senders not set answer a permanent failure naming the missing sender. One thread at a
   * time.
   */
  final class Builder {
    private final Cdp cdp;
    private final Segments segments;
    private @Nullable EnrollmentStore store;
    private @Nullable EmailSender emailSender;
    private @Nullable MessageSender messageSender;
    private @Nullable HttpStepClient httpClient;
    private @Nullable RetryPolicy retryPolicy;
    private @Nullable WorkflowEngineOptions options;
    private @Nullable Supplier<String> idGenerator;
    private final List<EnrollmentListener> listeners = new ArrayList<>();

    private Builder(Cdp cdp, Segments segments) {
      this.cdp = Objects.requireNonNull(cdp, "cdp");
      this.segments = Objects.requireNonNull(segments, "segments");
    }

    /** Where enrollments live; a fresh {@link InMemoryEnrollmentStore} unless set. */
    public Builder store(EnrollmentStore value) {
      requireUnset("store", store);
      this.store = Objects.requireNonNull(value, "store");
      return this;
    }

    public Builder emailSender(EmailSender value) {
      requireUnset("emailSender", emailSender);
      this.emailSender = Objects.requireNonNull(value, "emailSender");
      return this;
    }

    public Builder messageSender(MessageSender value) {
      requireUnset("messageSender", messageSender);
      this.messageSender = Objects.requireNonNull(value, "messageSender");
      return this;
    }

    public Builder httpClient(HttpStepClient value) {
      requireUnset("httpClient", httpClient);
      this.httpClient = Objects.requireNonNull(value, "httpClient");
      return this;
    }

    /** How retryable failures are retried; {@link RetryPolicy#defaults()} unless set. */
    public Builder retryPolicy(RetryPolicy value) {
      requireUnset("retryPolicy", retryPolicy);
      this.retryPolicy = Objects.requireNonNull(value, "retryPolicy");
      return this;
    }

    public Builder options(WorkflowEngineOptions value) {
      requireUnset("options", options);
      this.options = Objects.requireNonNull(value, "options");
      return this;
    }

    /** Makes enrollment ids; random UUIDs unless set. */
    public Builder idGenerator(Supplier<String> value) {
      requireUnset("idGenerator", idGenerator);
      this.idGenerator = Objects.requireNonNull(value, "idGenerator");
      return this;
    }

    /** Adds a transition listener. */
    public Builder listener(EnrollmentListener value) {
      listeners.add(Objects.requireNonNull(value, "listener"));
      return this;
    }

    /**
     * Builds the engine and subscribes it to the Cdp and Segments; enrollments in the store
     * resume on the first {@link #runDue}.
     */
    public WorkflowEngine build() {
      return new DefaultWorkflowEngine(
          new EngineConfig(
              cdp,
              segments,
              store != null ? store : new InMemoryEnrollmentStore(),
              new EngineConfig.Channels(
                  emailSender != null ? emailSender : m -> missing("emailSender"),
                  messageSender != null ? messageSender : m -> missing("messageSender"),
                  httpClient != null ? httpClient : r -> missing("httpClient")),
              retryPolicy != null ? retryPolicy : RetryPolicy.defaults(),
              options != null ? options : WorkflowEngineOptions.defaults(),
              idGenerator != null ? idGenerator : () -> UUID.randomUUID().toString(),
              listeners));
    }

    private static DeliveryOutcome missing(String what) {
      return DeliveryOutcome.permanent("no sender configured: set WorkflowEngine.Builder." + what);
    }

    private static void requireUnset(String option, @Nullable Object current) {
      if (current != null) {
        throw new IllegalStateException(option + " was already set to " + current);
      }
    }
  }
}
