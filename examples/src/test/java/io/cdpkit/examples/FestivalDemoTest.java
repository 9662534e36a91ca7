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
    String visitor = output.substring(output.indexOf("== One visitor"));
    assertThat(visitor).containsPattern("identifier:  email:\\w+\\.\\d+@example.com");
    assertThat(visitor).containsPattern("Z  ticket_scanned ");
    assertThat(visitor.split("bar_purchase", -1)).hasSizeGreaterThan(3);
  }
}
