package io.cdpkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class WorkflowStoryTest {
  @Test
  void run_printsEverySendAndTheConversionFigures() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TestClock clock = TestClock.at(Instant.parse("2018-06-01T09:00:00Z"));
    try (Cdp cdp = Cdp.builder().clock(clock).build(); Segments segments = Segments.attach(cdp)) {
      new WorkflowStory(cdp, segments, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    }
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out.lines().filter(l -> l.startsWith("email #"))).hasSize(6);
    assertThat(out)
        .contains("to=ann.workflow@example.com subject=\"Welcome, Ann!\"")
        .contains("to=bob.workflow@example.com subject=\"Bob, here is how it works\"")
        .contains("subject=\"Last tip for you, Ann\"")
        .contains("sms #1 to=+31600000102 template=festival-reminder"
            + " text=\"Bob, The Festival 2018 starts in one hour!\"")
        .contains("welcome-emails: entered 2, completed 2, exited on goal 0, converted 1 (50.0%)")
        .contains("festival-reminder: entered 1, completed 1");
    int reminder = out.indexOf("sms #1");
    assertThat(out.lastIndexOf("-- one hour before the festival starts")).isLessThan(reminder);
  }

  @Test
  void aCdpWithoutATestClock_isRefused() {
    try (Cdp cdp = Cdp.inMemory(); Segments segments = Segments.attach(cdp)) {
      assertThatThrownBy(() -> new WorkflowStory(cdp, segments, System.out))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
