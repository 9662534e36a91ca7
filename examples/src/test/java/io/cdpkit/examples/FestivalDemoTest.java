package io.cdpkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.platform.memory.InMemoryPlatformStorage;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FestivalDemoTest {

  @Test
  void demo_printsCountsEventTypesAndOneTimeline() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    new FestivalDemo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(InMemoryPlatformStorage.create());
    String output = buffer.toString(StandardCharsets.UTF_8);
    assertThat(output).contains("profiles: 300");
    assertThat(output).containsPattern("ticket_bought\\s+\\d+");
    assertThat(output).containsPattern("bar_purchase\\s+\\d+");
    String visitor = output.substring(output.indexOf("== One visitor"));
    assertThat(visitor).containsPattern("identifier:  email:\\w+\\.\\d+@example.com");
    assertThat(visitor).containsPattern("Z  ticket_scanned ");
    assertThat(visitor.split("bar_purchase", -1)).hasSizeGreaterThan(3);
    assertThat(output).contains(
        "after sign-in: [device_id:web-7f3a9c email:mila@example.com], 3 page views;"
            + " the anonymous id now resolves to the customer: true");
    assertThat(output).contains(
        "merged:   [device_id:web-7f3a9c email:mila@example.com whatsapp:+31612345678], 4 events,"
            + " name Mila (WhatsApp)");
    assertThat(output).contains("unmerged: [device_id:web-7f3a9c email:mila@example.com], 3 events, name Mila");
    assertThat(output).contains("restored: [whatsapp:+31612345678], 1 event, name Mila (WhatsApp)");
    assertThat(output).contains("identity log: AUTOMATIC_MERGE by system, MANUAL_MERGE by support-agent-7, UNMERGE by support-agent-7");
    assertThat(output).contains("two profiles stay apart: true");
    assertThat(output).contains("IDENTIFIER_REJECTED [email:test@test.com]: blocked value");
    String consent = output.substring(output.indexOf("== Consent"));
    assertThat(consent).containsPattern("before: 304 profiles, (\\d+) reachable by email");
    assertThat(consent).contains("reachable by email: yes, at ", "reachable by email: no (CONSENT_DENIED)");
    int before = reachable(consent, "before: ");
    int after = reachable(consent, "after:  ");
    assertThat(after).isEqualTo(before - 1);
    String segments = output.substring(output.indexOf("== Segments"));
    assertThat(segments).containsPattern("bought a ticket for The Festival 2018 at least twice\\s+(\\d+)\\s+event \"ticket_bought\" at least 2");
    assertThat(segments).containsPattern("under 30 with an email\\s+\\d+\\s+age < 30 and \\$identifier.email is not empty");
    assertThat(segments).contains("false event \"ticket_bought\" at least 2 where festival = \"The Festival 2018\"  [count: 1]");
    assertThat(segments).containsPattern("true  event \"ticket_bought\" at least 2 where festival = \"The Festival 2018\"  \\[count: [2-9]\\]");
    assertThat(segments).containsPattern("live: \\S+ ENTERED 'bought a ticket for The Festival 2018 at least twice' \\(EVENT\\)");
    assertThat(consent).containsPattern("after:  304 profiles, \\d+ reachable by email, \\d+ not \\{NO_IDENTIFIER=1, CONSENT_DENIED=1, CONSENT_UNKNOWN=\\d+}");
  }

  @Test
  void demo_onASqliteFile_reopensTheSameDataOnASecondRun(@TempDir Path dir) {
    Path file = dir.resolve("demo.db");
    String first = runOn(file);
    String second = runOn(file);
    assertThat(first).contains(", new").contains("profiles: 300");
    String storedProfiles = stored(first).replaceAll("stored: (\\d+) profiles.*", "$1");
    assertThat(second).contains("reopened with " + storedProfiles + " profiles");
    assertThat(stored(second)).isEqualTo(stored(first));
    // A second run tells what is true of the reopened data, not the first run's story again.
    assertThat(second).contains("withdrew email consent on an earlier run of the demo on this database")
        .doesNotContain("before: ")
        .contains("the workflows ran on an earlier run of the demo on this database")
        .doesNotContain("email #");
    assertThat(first).contains("welcome-emails: entered 2, completed 1, exited on goal 1");
    assertThat(second).contains("welcome-emails: entered 2, completed 1, exited on goal 1");
  }

  private static String runOn(Path file) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    new FestivalDemo(new PrintStream(buffer, true, StandardCharsets.UTF_8)).run(SqliteStorage.open(file));
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static String stored(String output) {
    int start = output.indexOf("\nstored: ") + 1;
    return output.substring(start, output.indexOf("\n", start));
  }

  private static int reachable(String text, String label) {
    String line = text.substring(text.indexOf(label));
    String afterComma = line.substring(line.indexOf(", ") + 2);
    return Integer.parseInt(afterComma.substring(0, afterComma.indexOf(' ')));
  }
}
