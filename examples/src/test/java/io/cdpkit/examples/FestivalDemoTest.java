package io.cdpkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class FestivalDemoTest {

  @Test
  void demo_printsCountsEventTypesAndOneTimeline() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    new FestivalDemo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run();
    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("profiles: 300");
    assertThat(output).containsPattern("ticket_bought\\s+\\d+");
    assertThat(output).containsPattern("bar_purchase\\s+\\d+");
    assertThat(output).contains("identifier:  ticket_scanned");
  }
}
