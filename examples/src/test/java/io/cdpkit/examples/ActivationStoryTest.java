package io.cdpkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.segments.Segments;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ActivationStoryTest {
  @TempDir Path directory;

  @Test
  void run_writesTheSnapshotAndShowsTheChangeFileAfterAMemberLeaves() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Cdp cdp = Cdp.inMemory(); Segments segments = Segments.attach(cdp)) {
      PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
      new ActivationStory(cdp, segments, out, directory).run();
      String ben = cdp.findProfile(Identifier.email("ben.activation@example.com")).orElseThrow().id();
      String output = bytes.toString(StandardCharsets.UTF_8);

      assertThat(output).contains("initial sync: 2 members in 1 batch(es)",
          "incremental sync: 0 added, 1 removed",
          "change,profile_id,email,email_sha256",
          "removed," + ben + ",ben.activation@example.com,");
      Path snapshot = directory.resolve("under_30_with_an_email.crm-export.snapshot.csv");
      assertThat(Files.readAllLines(snapshot)).hasSize(3)
          .anyMatch(line -> line.contains("ann.activation@example.com"));

      bytes.reset();
      new ActivationStory(cdp, segments, out, directory).run();
      assertThat(bytes.toString(StandardCharsets.UTF_8))
          .contains("initial sync: 2 members", "incremental sync: 0 added, 1 removed");
    }
  }
}
