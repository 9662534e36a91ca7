package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class InstantsTest {

  @Test
  void aClockReading_printsToTheSecond() {
    assertThat(Instants.text(Instant.parse("2026-06-01T12:00:05.123456789Z"))).isEqualTo("2026-06-01T12:00:05Z");
    assertThat(Instants.text(Instant.parse("2026-06-01T12:00:05.123456Z"))).isEqualTo("2026-06-01T12:00:05Z");
  }

  @Test
  void wholeMilliseconds_areKept_andAWholeSecondHasNoFraction() {
    assertThat(Instants.text(Instant.parse("2026-06-01T10:00:00.250Z"))).isEqualTo("2026-06-01T10:00:00.250Z");
    assertThat(Instants.text(Instant.parse("2026-06-01T10:00:00Z"))).isEqualTo("2026-06-01T10:00:00Z");
    assertThat(Instants.text(null)).isEqualTo("-");
  }
}
