package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * CLI.md's examples are command lines the tool accepts, one at least for every command, and need
 * no shell variable a reader does not have. {@link ManualJarTest} runs them on the packaged jar.
 */
final class ManualExamplesTest {
  private static final List<ManualExamples.Example> EXAMPLES = ManualExamples.read();

  static Stream<List<String>> commands() {
    return HelpCommands.all().stream();
  }

  @ParameterizedTest(name = "CLI.md has an example of cdp {0}")
  @MethodSource("commands")
  void everyCommand_hasAnExample(List<String> command) {
    assertThat(EXAMPLES).as("examples of cdp %s", command).anyMatch(example -> example.runs(command));
  }

  @Test
  void everyExample_parses_andNeedsNoShellVariable() {
    assertThat(EXAMPLES).hasSizeGreaterThan(100).allSatisfy(example -> {
      assertThat(example.expansions()).as("%s: quote it, a shell expands $", example).isEmpty();
      assertThatCode(() -> Cli.commandLine().parseArgs(example.args().toArray(String[]::new)))
          .as(example.toString()).doesNotThrowAnyException();
    });
  }

  @Test
  void parse_splitsAsAShellDoes() {
    List<ManualExamples.Example> parsed = ManualExamples.parse(List.of("```",
        "$ cdp segment count 'age >= 21' --json   # {\"count\": 2}",
        "CDP_WRITE_KEY=k cdp serve --port 8088 \\", "  --dashboard-port 8080",
        "cdp import events \"a b.jsonl\" && cdp run > out.txt",
        "cdp: not a command line", "```", "cdp outside a block"));

    assertThat(parsed).extracting(ManualExamples.Example::args).containsExactly(
        List.of("segment", "count", "age >= 21", "--json"),
        List.of("serve", "--port", "8088", "--dashboard-port", "8080"),
        List.of("import", "events", "a b.jsonl"),
        List.of("run"));
    assertThat(parsed.get(0).line()).isEqualTo(2);
  }
}
