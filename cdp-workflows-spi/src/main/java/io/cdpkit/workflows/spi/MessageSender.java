package io.cdpkit.workflows.spi;

import io.cdpkit.core.delivery.DeliveryOutcome;
/**
 * Sends messages on channels other than email (SMS, WhatsApp, push, ...) for a workflow's {@code
 * send message} step. Implementations: {@code io.cdpkit.workflows.channel.WebhookMessageSender},
 * {@code ConsoleMessageSender} for demos, and {@code
 * io.cdpkit.workflows.testing.RecordingMessageSender}; a new one passes {@code
 * MessageSenderContract} from this module's test-jar.
 *
 * <p>Implementations must be safe to call from several threads at once. They report failures as
 * a {@link DeliveryOutcome} rather than throw; an exception that escapes counts as a {@link
 * DeliveryOutcome.RetryableFailure}. They pass {@link ChannelMessage#idempotencyKey()} on so the
 * provider can drop a duplicate. An implementation may serve only some channels and answer a
 * {@link DeliveryOutcome.PermanentFailure} for the others.
 *
 * <pre>{@code
 * DeliveryOutcome outcome = messageSender.send(sms);
 * }</pre>
 */
@FunctionalInterface
public interface MessageSender {
  /** Sends one message and says what became of it; never returns {@code null}. */
  DeliveryOutcome send(ChannelMessage message);
}
