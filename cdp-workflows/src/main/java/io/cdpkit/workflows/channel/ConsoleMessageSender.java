package io.cdpkit.workflows.channel;

import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.MessageSender;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.io.PrintStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link MessageSender} for demos: prints one line per message, on any channel, to the stream
 * given at construction and answers {@link DeliveryOutcome.Delivered} with id {@code
 * console-message-N}. Sends nothing. Thread-safe: lines never interleave.
 *
 * <pre>{@code
 * MessageSender sms = new ConsoleMessageSender(System.out);
 * // prints: sms #1 to=+4915112345678 template=reminder text="Doors open at 8" key=enr-7:remind:1
 * }</pre>
 */
public final class ConsoleMessageSender implements MessageSender {
  private final PrintStream out;
  private final AtomicLong sent = new AtomicLong();

  public ConsoleMessageSender(PrintStream out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public DeliveryOutcome send(ChannelMessage message) {
    Objects.requireNonNull(message, "message");
    long number = sent.incrementAndGet();
    out.println(
        message.channel()
            + " #"
            + number
            + " to="
            + message.to()
            + " template="
            + message.templateId()
            + " text="
            + ConsoleLines.quoted(message.text())
            + " key="
            + message.idempotencyKey());
    return DeliveryOutcome.delivered("console-message-" + number);
  }
}
