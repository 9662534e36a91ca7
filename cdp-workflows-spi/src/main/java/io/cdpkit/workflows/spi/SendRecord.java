package io.cdpkit.workflows.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the engine recorded about one send, keyed by its idempotency key: the intent (written
 * before the sender is called) and later the outcome, or a skip with its reason. Immutable.
 *
 * @param key the send's idempotency key (enrollment, step, attempt)
 * @param workflow the workflow's name
 * @param profileId the profile sent to
 * @param channel {@code email}, a message channel such as {@code sms}, or {@code http}
 * @param status where the send stands
 * @param detail the skip or failure reason, or the provider id when delivered; may be empty
 * @param intentAt when the intent (or skip) was recorded
 * @param outcomeAt when the outcome was recorded, or null while {@link Status#INTENDED}
 */
public record SendRecord(
    IdempotencyKey key,
    String workflow,
    String profileId,
    String channel,
    Status status,
    String detail,
    Instant intentAt,
    @Nullable Instant outcomeAt) {

  /** Where a send stands. */
  public enum Status {
    /** Recorded before calling the sender; no outcome yet (a crash may have cut it off). */
    INTENDED,
    /** The sender delivered it. */
    DELIVERED,
    /** The sender failed in a way worth retrying (with the next attempt number). */
    RETRYABLE_FAILURE,
    /** The sender failed for good. */
    PERMANENT_FAILURE,
    /** Not sent: consent, opt-out, deliverability, quiet hours, a frequency cap, no address. */
    SKIPPED
  }

  public SendRecord {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(profileId, "profileId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(intentAt, "intentAt");
  }

  /** An intent: {@link Status#INTENDED}, no outcome. */
  public static SendRecord intent(
      IdempotencyKey key, String workflow, String profileId, String channel, Instant at) {
    return new SendRecord(key, workflow, profileId, channel, Status.INTENDED, "", at, null);
  }

  /** A skip with its reason, final at once. */
  public static SendRecord skip(
      IdempotencyKey key,
      String workflow,
      String profileId,
      String channel,
      String reason,
      Instant at) {
    return new SendRecord(key, workflow, profileId, channel, Status.SKIPPED, reason, at, at);
  }

  /** This record with an outcome. */
  public SendRecord withOutcome(Status newStatus, String newDetail, Instant at) {
    return new SendRecord(key, workflow, profileId, channel, newStatus, newDetail, intentAt, at);
  }

  public Optional<Instant> findOutcomeAt() {
    return Optional.ofNullable(outcomeAt);
  }
}
