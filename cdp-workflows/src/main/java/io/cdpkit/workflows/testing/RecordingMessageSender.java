package io.cdpkit.workflows.testing;

import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A {@link MessageSender} for tests and previews that records every message (see {@link
 * RecordingSender} for the log, the outcome script and the idempotency-key counts). By default it
 * answers {@link DeliveryOutcome.Delivered} without sending anything; {@link #forwardingTo} records and
 * then sends through another MessageSender. Thread-safe.
 *
 * <pre>{@code
 * RecordingMessageSender sms = new RecordingMessageSender();
 * // ... run the workflow ...
 * assertThat(sms.lastRequest().text()).contains("one hour");
 * }</pre>
 */
public final class RecordingMessageSender
    extends RecordingSender<ChannelMessage, RecordingMessageSender>
    implements MessageSender {

  /** A recorder that delivers every unscripted send without sending anything. */
  public RecordingMessageSender() {
    this(null);
  }

  private RecordingMessageSender(@Nullable MessageSender delegate) {
    super(ChannelMessage::idempotencyKey, delegate == null ? null : delegate::send);
  }

  /** A recorder that sends every unscripted message through {@code delegate}. */
  public static RecordingMessageSender forwardingTo(MessageSender delegate) {
    return new RecordingMessageSender(Objects.requireNonNull(delegate, "delegate"));
  }

  @Override
  public DeliveryOutcome send(ChannelMessage message) {
    return record(message);
  }

  @Override
  protected RecordingMessageSender self() {
    return this;
  }
}
