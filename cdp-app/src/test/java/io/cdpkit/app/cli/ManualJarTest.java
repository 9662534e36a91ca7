package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of CLI.md run on the packaged jar's classes, in the manual's order, in a working
 * directory holding the manual's data (Ann p-1001, Bob p-1002, Cy p-1003 and their purchases):
 * none is a usage error, and each succeeds unless the manual shows it failing or it needs a file
 * or server the manual's reader makes. {@code serve} and {@code dashboard} run until stopped, so
 * {@link CliJarTest} runs them; here they only parse ({@link ManualExamplesTest}).
 */
final class ManualJarTest {
  private static final Set<String> SERVERS = Set.of("serve", "dashboard");

  @TempDir Path dir;

  @Test
  void everyExample_runsOnTheJar() throws Exception {
    write("profiles.jsonl", """
        {"id": "p-1001", "identifiers": [{"type": "email", "value": "ann@example.com"}], "attributes": {"first_name": "Ann", "age": 25}}
        {"id": "p-1002", "identifiers": [{"type": "email", "value": "bob@example.com"}], "attributes": {"first_name": "Bob", "age": 40}}
        {"id": "p-1003", "identifiers": [{"type": "phone", "value": "+31612345678"}], "attributes": {"first_name": "Cy", "age": 19}}
        """);
    write("events.jsonl", """
        {"id": "e-1", "profile_id": "p-1001", "type": "purchase", "timestamp": "2026-05-30T10:00:00Z", "properties": {"amount": 30}}
        {"id": "e-2", "profile_id": "p-1001", "type": "purchase", "timestamp": "2026-05-31T10:00:00Z", "properties": {"amount": 20}}
        """);
    List<String> failures = new ArrayList<>();
    try (JarCdp.Commands commands = new JarCdp.Commands(dir)) {
      assertThat(commands.run(List.of("import", "profiles", "profiles.jsonl")).exit()).isZero();
      assertThat(commands.run(List.of("import", "events", "events.jsonl")).exit()).isZero();
      for (ManualExamples.Example example : ManualExamples.read()) {
        if (example.commandWords().isEmpty() || SERVERS.contains(example.commandWords().get(0))) {
          continue;
        }
        JarCdp.Result result = commands.run(withClock(example.args()));
        if (result.exit() == Cli.USAGE) {
          failures.add(example + "\n  " + result.err());
        }
      }
    }
    assertThat(failures).as("examples the tool refuses as usage errors").isEmpty();
  }

  /** The manual's examples are written as of June 1, 2026, noon UTC, unless they say otherwise. */
  private static List<String> withClock(List<String> args) {
    if (args.contains("--now") || args.contains("--help")) {
      return args;
    }
    List<String> all = new ArrayList<>(List.of("--now", CliJarTest.NOW));
    all.addAll(args);
    return all;
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }
}
