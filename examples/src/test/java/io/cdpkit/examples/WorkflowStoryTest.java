package io.cdpkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.testing.TestClock;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.workflows.channel.ConsoleEmailSender;
import io.cdpkit.workflows.channel.ConsoleMessageSender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class WorkflowStoryTest {
  @Test
  void run_printsEverySendAndTheConversionFigures() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TestClock clock = TestClock.at(Instant.parse("2018-06-01T09:00:00Z"));
    try (CdpPlatform platform = CdpPlatform.builder().clock(clock)
        .emailSender(new ConsoleEmailSender(out)).messageSender(new ConsoleMessageSender(out)).build()) {
      new WorkflowStory(platform, out).run();
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    // Ann buys on day 1, the goal: her welcome series stops after the first email; Bob gets all three.
    assertThat(text.lines().filter(l -> l.startsWith("email #"))).hasSize(4);
    assertThat(text)
        .contains("to=ann.workflow@example.com subject=\"Welcome, Ann!\"")
        .contains("to=bob.workflow@example.com subject=\"Bob, here is how it works\"")
        .contains("subject=\"Last tip for you, Bob\"")
        .doesNotContain("Ann, here is how it works")
        .doesNotContain("Last tip for you, Ann")
        .contains("sms #1 to=+31600000102 template=festival-reminder"
            + " text=\"Bob, The Festival 2018 starts in one hour!\"")
        .contains("welcome-emails: entered 2, completed 1, exited on goal 1, converted 1 (50.0%)")
        .contains("festival-reminder: entered 1, completed 1");
    int reminder = text.indexOf("sms #1");
    assertThat(text.lastIndexOf("-- one hour before the festival starts")).isLessThan(reminder);
  }

  @Test
  void aPlatformWithoutATestClock_isRefused() {
    try (CdpPlatform platform = CdpPlatform.inMemory()) {
      assertThatThrownBy(() -> new WorkflowStory(platform, System.out))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
