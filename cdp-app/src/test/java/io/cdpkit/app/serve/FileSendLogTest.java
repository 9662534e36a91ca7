package io.cdpkit.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.workflows.spi.ChannelMessage;
import io.cdpkit.workflows.spi.EmailMessage;
import io.cdpkit.workflows.spi.IdempotencyKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileSendLogTest {
  @TempDir Path dir;

  @Test
  void send_appendsOneJsonLinePerSendAndAnswersDelivered() throws IOException {
    Path file = dir.resolve("sends.jsonl");
    FileSendLog log = new FileSendLog(file, TestClock.at(Instant.parse("2026-06-15T12:00:00Z")));

    DeliveryOutcome email = log.send(EmailMessage.builder().to("ann@example.com").subject("Welcome, Ann")
        .textBody("Hello Ann").idempotencyKey(IdempotencyKey.of("enr-1", "welcome", 1)).build());
    DeliveryOutcome sms = log.send(new ChannelMessage("sms", "+31600000101", "reminder", "See you soon",
        Map.of(), IdempotencyKey.of("enr-2", "remind", 1)));

    assertThat(email).isEqualTo(DeliveryOutcome.delivered("file:enr-1:welcome:1"));
    assertThat(sms).isInstanceOf(DeliveryOutcome.Delivered.class);
    assertThat(Files.readAllLines(file)).containsExactly(
        "{\"at\":\"2026-06-15T12:00:00Z\",\"channel\":\"email\",\"to\":\"ann@example.com\","
            + "\"key\":\"enr-1:welcome:1\",\"from\":null,\"subject\":\"Welcome, Ann\",\"html\":null,"
            + "\"text\":\"Hello Ann\"}",
        "{\"at\":\"2026-06-15T12:00:00Z\",\"channel\":\"sms\",\"to\":\"+31600000101\","
            + "\"key\":\"enr-2:remind:1\",\"template\":\"reminder\",\"text\":\"See you soon\",\"params\":{}}");
  }
}
