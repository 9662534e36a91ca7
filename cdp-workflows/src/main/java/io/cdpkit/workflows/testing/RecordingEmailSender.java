package io.cdpkit.workflows.testing;

import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An {@link EmailSender} for tests and previews that records every message (see {@link
 * RecordingSender} for the log, the outcome script and the idempotency-key counts). By default it
 * answers {@link DeliveryOutcome.Delivered} without sending anything; {@link #forwardingTo} records and
 * then sends through another EmailSender. Thread-safe.
 *
 * <pre>{@code
 * RecordingEmailSender email = new RecordingEmailSender().failFirst(2);
 * // ... run the workflow ...
 * assertThat(email.sendCount()).isEqualTo(3);
 * assertThat(email.distinctSendCount()).isEqualTo(1);
 * }</pre>
 */
public final class RecordingEmailSender
    extends RecordingSender<EmailMessage, RecordingEmailSender>
    implements EmailSender {

  /** A recorder that delivers every unscripted send without sending anything. */
  public RecordingEmailSender() {
    this(null);
  }

  private RecordingEmailSender(@Nullable EmailSender delegate) {
    super(EmailMessage::idempotencyKey, delegate == null ? null : delegate::send);
  }

  /** A recorder that sends every unscripted message through {@code delegate}. */
  public static RecordingEmailSender forwardingTo(EmailSender delegate) {
    return new RecordingEmailSender(Objects.requireNonNull(delegate, "delegate"));
  }

  @Override
  public DeliveryOutcome send(EmailMessage message) {
    return record(message);
  }

  @Override
  protected RecordingEmailSender self() {
    return this;
  }
}
