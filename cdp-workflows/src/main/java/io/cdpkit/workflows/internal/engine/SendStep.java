package io.cdpkit.workflows.internal.engine;

import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.internal.engine.StepResult.Cancel;
import io.cdpkit.workflows.internal.engine.StepResult.Fail;
import io.cdpkit.workflows.internal.engine.StepResult.Next;
import io.cdpkit.workflows.internal.engine.StepResult.Retry;
import io.cdpkit.workflows.internal.engine.StepResult.WaitUntil;
import io.cdpkit.workflows.internal.render.RenderException;
import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.core.delivery.RetryPolicy;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.workflows.spi.SendRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * The enrollment is stored (by StepRunner, before it runs the step), then the intent, then the
 * sender is called, then the outcome is stored. A recorded outcome is replayed rather than sent again; an intent without outcome is
 * resent with the same idempotency key (after a crash between the send and its outcome).
 */

/**
 * Runs a send step (email, message, HTTP call): the gate, rendering, the send with its intent and
 * outcome records, replay after a crash, and retry or failure by the retry policy.
 */
final class SendStep {
  private static final Logger log = LoggerFactory.getLogger(WorkflowEngine.class);

  @FunctionalInterface
  private interface Renderer {
    Object render(Profile profile, IdempotencyKey key);
  }

  private final EnrollmentStore store;
  private final SendGate gate;
  private final EngineConfig.Channels channels;
  private final RetryPolicy retryPolicy;

  SendStep(
      EnrollmentStore store,
      SendGate gate,
      EngineConfig.Channels channels,
      RetryPolicy retryPolicy) {
    this.store = store;
    this.gate = gate;
    this.channels = channels;
    this.retryPolicy = retryPolicy;
  }

  /** Runs the send step ({@link Step.SendEmail}, {@link Step.SendMessage}, {@link Step.HttpCall}). */
  StepResult run(CompiledWorkflow cw, Enrollment e, Step step, EnrollmentContext context) {
    String id = step.id();
    if (step instanceof Step.SendEmail email) {
      return send(cw, e, id, "email", context,
          (p, key) -> cw.emails.get(id).render(context.render(p), key, email.from()),
          request -> channels.email().send(
              ((EmailMessage) request).toBuilder()
                  .header("X-Template-Id", email.templateId()).build()));
    }
    if (step instanceof Step.SendMessage message) {
      return send(cw, e, id, message.channel(), context,
          (p, key) -> cw.messages.get(id).render(context.render(p), key),
          request -> channels.message().send((ChannelMessage) request));
    }
    return send(cw, e, id, "http", context,
        (p, key) -> cw.calls.get(id).render(context.render(p), key),
        request -> channels.http().send((HttpRequestSpec) request));
  }

  private StepResult send(
      CompiledWorkflow cw,
      Enrollment e,
      String stepId,
      String channel,
      EnrollmentContext context,
      Renderer renderer,
      Function<Object, DeliveryOutcome> sender) {
    Instant now = context.now;
    IdempotencyKey key = IdempotencyKey.of(e.id(), stepId, e.attempt());
    Optional<SendRecord> existing = store.findSend(key);
    String after = cw.after(stepId);
    DeliveryOutcome outcome;
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
        SendGate.Decision decision = gate.check(cw, profile, channel, now);
        if (decision.holdUntil() != null) {
          Instant end = decision.holdUntil();
          return new WaitUntil(end, "step " + stepId + ": held for quiet hours until " + end);
        }
        String reason = decision.skipReason();
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
        store.recordSend(SendRecord.intent(key, cw.workflow.name(), profile.id(), channel, now));
      } else {
        log.info("resending {} with the same key after a restart", key);
      }
      outcome = call(sender, request, key);
      record(key, outcome, now);
    }
    return decide(e, stepId, channel, after, key, outcome, now);
  }

  /** Calls the sender; a null answer or a thrown exception counts as retryable. */
  private static DeliveryOutcome call(
      Function<Object, DeliveryOutcome> sender, Object request, IdempotencyKey key) {
    try {
      DeliveryOutcome outcome = sender.apply(request);
      return outcome == null ? DeliveryOutcome.retryable("sender returned null") : outcome;
    } catch (RuntimeException ex) {
      log.warn("sender threw on {}", key, ex);
      return DeliveryOutcome.fromException(ex);
    }
  }

  /** Delivered: go on; retryable: retry by the policy or fail when it gives up; else fail. */
  private StepResult decide(
      Enrollment e,
      String stepId,
      String channel,
      @Nullable String after,
      IdempotencyKey key,
      DeliveryOutcome outcome,
      Instant now) {
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return new Next(after, "step " + stepId + ": sent " + channel + " " + key);
    }
    if (outcome instanceof DeliveryOutcome.RetryableFailure failure) {
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
    return new Fail("step " + stepId + ": " + ((DeliveryOutcome.PermanentFailure) outcome).reason());
  }

  private StepResult skipOrFail(
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

  private void record(IdempotencyKey key, DeliveryOutcome outcome, Instant now) {
    if (outcome instanceof DeliveryOutcome.Delivered delivered) {
      store.recordOutcome(
          key, SendRecord.Status.DELIVERED, delivered.findProviderId().orElse(""), now);
    } else if (outcome instanceof DeliveryOutcome.RetryableFailure failure) {
      store.recordOutcome(key, SendRecord.Status.RETRYABLE_FAILURE, failure.reason(), now);
    } else {
      store.recordOutcome(
          key, SendRecord.Status.PERMANENT_FAILURE,
          ((DeliveryOutcome.PermanentFailure) outcome).reason(), now);
    }
  }

  /** The recorded outcome as a DeliveryOutcome; null for a skip. */
  private static @Nullable DeliveryOutcome replay(SendRecord record) {
    return switch (record.status()) {
      case DELIVERED -> DeliveryOutcome.delivered();
      case RETRYABLE_FAILURE -> DeliveryOutcome.retryable(record.detail());
      case PERMANENT_FAILURE -> DeliveryOutcome.permanent(record.detail());
      case SKIPPED, INTENDED -> null;
    };
  }
}
