package io.cdpkit.workflows.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.core.delivery.DeliveryOutcome;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class ConsoleSendersTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void email_printsOneLinePerSend() {
    ConsoleEmailSender sender = new ConsoleEmailSender(out);
    EmailMessage message =
        EmailMessage.builder()
            .to("ann@example.com")
            .subject("Welcome, \"Ann\"")
            .htmlBody("<p>Hi</p>\n<p>there</p>")
            .idempotencyKey(IdempotencyKey.of("enr-1", "welcome", 1))
            .build();
    assertThat(sender.send(message)).isEqualTo(DeliveryOutcome.delivered("console-email-1"));
    assertThat(sender.send(message)).isEqualTo(DeliveryOutcome.delivered("console-email-2"));
    assertThat(printed().lines())
        .containsExactly(
            "email #1 to=ann@example.com subject=\"Welcome, \\\"Ann\\\"\" key=enr-1:welcome:1",
            "email #2 to=ann@example.com subject=\"Welcome, \\\"Ann\\\"\" key=enr-1:welcome:1");
  }

  @Test
  void message_printsChannelAndEscapedTextOnOneLine() {
    ConsoleMessageSender sender = new ConsoleMessageSender(out);
    ChannelMessage sms =
        new ChannelMessage(
            "sms", "+4915112345678", "reminder", "Doors open at 8\nSee you!", Map.of(),
            IdempotencyKey.of("enr-7", "remind", 1));
    assertThat(sender.send(sms)).isEqualTo(DeliveryOutcome.delivered("console-message-1"));
    assertThat(printed().lines())
        .containsExactly(
            "sms #1 to=+4915112345678 template=reminder text=\"Doors open at 8\\nSee you!\" key=enr-7:remind:1");
  }
}
