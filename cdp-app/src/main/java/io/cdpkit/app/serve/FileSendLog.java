package io.cdpkit.app.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.EmailSender;
import io.cdpkit.workflows.spi.MessageSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Objects;

/**
 * The default sender of {@code cdp serve}: appends each email and message that a workflow would
 * send to a JSON Lines file, one object a line with its channel, recipient, content and
 * idempotency key, and answers delivered. Nothing leaves the machine, so a newcomer sees what
 * would go out before configuring SMTP. The file holds personal data (addresses, bodies): keep it
 * where the database is. Thread-safe: lines never interleave.
 */
public final class FileSendLog implements EmailSender, MessageSender {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;

  /** A log that appends to {@code file}, creating it when missing. */
  public FileSendLog(Path file, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The file sends are appended to. */
  public Path file() {
    return file;
  }

  @Override
  public DeliveryOutcome send(EmailMessage message) {
    ObjectNode line = line("email", message.to(), message.idempotencyKey().toString());
    line.put("from", message.from());
    line.put("subject", message.subject());
    line.put("html", message.htmlBody());
    line.put("text", message.textBody());
    return append(line, message.idempotencyKey().toString());
  }

  @Override
  public DeliveryOutcome send(ChannelMessage message) {
    ObjectNode line = line(message.channel(), message.to(), message.idempotencyKey().toString());
    line.put("template", message.templateId());
    line.put("text", message.text());
    line.putPOJO("params", message.params());
    return append(line, message.idempotencyKey().toString());
  }

  private ObjectNode line(String channel, String to, String key) {
    ObjectNode line = JSON.createObjectNode();
    line.put("at", clock.instant().toString());
    line.put("channel", channel);
    line.put("to", to);
    line.put("key", key);
    return line;
  }

  private synchronized DeliveryOutcome append(ObjectNode line, String key) {
    try {
      Files.writeString(file, JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
    return DeliveryOutcome.delivered("file:" + key);
  }
}
