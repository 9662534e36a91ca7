package io.cdpkit.workflows.channel;

import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An {@link EmailSender} for demos: prints one line per email to the stream given at construction
 * and answers {@link DeliveryOutcome.Delivered} with id {@code console-email-N}. Sends nothing. The
 * line shows the recipient, subject and key, so it is not for logs that must stay free of
 * personal data. Thread-safe: lines never interleave.
 *
 * <pre>{@code
 * EmailSender email = new ConsoleEmailSender(System.out);
 * // prints: email #1 to=ann@example.com subject="Welcome, Ann" key=enr-1:welcome:1
 * }</pre>
 */
public final class ConsoleEmailSender implements EmailSender {
  private final PrintStream out;
  private final AtomicLong sent = new AtomicLong();

  public ConsoleEmailSender(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public DeliveryOutcome send(EmailMessage message) {
    Objects.requireNonNull(message, "message");
    long number = sent.incrementAndGet();
    out.println(
        "email #"
            + number
            + " to="
            + message.to()
            + " subject="
            + ConsoleLines.quoted(message.subject())
            + " key="
            + message.idempotencyKey());
    return DeliveryOutcome.delivered("console-email-" + number);
  }
}
