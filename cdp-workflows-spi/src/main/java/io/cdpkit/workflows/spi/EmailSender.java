package io.cdpkit.workflows.spi;

import io.cdpkit.core.delivery.DeliveryOutcome;
/**
 * Sends email for a workflow's {@code send email} step. Implementations: {@code
 * io.cdpkit.workflows.channel.SmtpEmailSender}, {@code ConsoleEmailSender} for demos, and {@code
 * io.cdpkit.workflows.testing.RecordingEmailSender}; a new one passes {@code EmailSenderContract}
 * from this module's test-jar.
 *
 * <p>Implementations must be safe to call from several threads at once. They report failures as
 * a {@link DeliveryOutcome} rather than throw; an exception that escapes counts as a {@link
 * DeliveryOutcome.RetryableFailure} (see {@link DeliveryOutcome#fromException(Throwable)}). They pass
 * {@link EmailMessage#idempotencyKey()} on (an {@code X-Idempotency-Key} header) so the receiving
 * side can drop a duplicate.
 *
 * <pre>{@code
 * DeliveryOutcome outcome = emailSender.send(message);
 * }</pre>
 */
@FunctionalInterface
public interface EmailSender {
  /** Sends one email and says what became of it; never returns {@code null}. */
  DeliveryOutcome send(EmailMessage message);
}
