package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * Every command and subcommand answers {@code --help} and {@code cdp help ...} with its usage, and
 * CLI.md shows it in use.
 */
final class HelpTest {

  /** Every command's words after {@code cdp}, such as {@code [workflow, save]}. */
  static Stream<List<String>> commands() {
    return HelpCommands.all().stream();
  }

  @ParameterizedTest(name = "cdp {0} --help")
  @MethodSource("commands")
  void everyCommand_answersHelpWithItsUsage(List<String> words) {
    List<String> args = new ArrayList<>(words);
    args.add("--help");
    String usage = "Usage: cdp " + String.join(" ", words);

    assertThat(run(args)).startsWith(usage);
    if (words.size() == 1) {
      assertThat(run(List.of("help", words.get(0)))).startsWith(usage).contains("Example");
    }
  }

  @org.junit.jupiter.api.Test
  void help_takesANestedCommand_andNamesAWrongOne() {
    CommandLine line = Cli.commandLine();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(new StringWriter()));
    line.setErr(new PrintWriter(err));

    assertThat(run(List.of("help", "workflow", "save"))).startsWith("Usage: cdp workflow save");
    assertThat(line.execute("help", "workflow", "sav")).isEqualTo(Cli.USAGE);
    assertThat(err.toString()).startsWith("cdp: Unknown command: 'cdp workflow sav'; the commands of cdp workflow: save, ");
  }

  @ParameterizedTest(name = "cdp {0} --help shows each example on one line")
  @MethodSource("commands")
  void everyExampleInHelp_fitsTheHelpWidth(List<String> words) {
    CommandLine command = Cli.commandLine();
    for (String word : words) {
      command = command.getSubcommands().get(word);
    }

    // Help wraps at 80 columns; a wrapped example no longer pastes as one command.
    assertThat(command.getCommandSpec().usageMessage().footer())
        .filteredOn(line -> line.startsWith("  cdp "))
        .allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
  }

  @ParameterizedTest(name = "CLI.md shows cdp {0}")
  @MethodSource("commands")
  void everyCommand_isDocumentedWithAnExample(List<String> words) throws IOException {
    String manual = Files.readString(Path.of("CLI.md"), StandardCharsets.UTF_8);

    assertThat(manual).containsPattern("cdp (--[a-z]+ \\S+ )*" + String.join(" ", words) + "[ \n`]");
  }

  private static String run(List<String> args) {
    CommandLine line = Cli.commandLine();
    StringWriter out = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(new StringWriter()));
    int exit = line.execute(args.toArray(String[]::new));
    assertThat(exit).as("exit code of cdp %s", args).isZero();
    return out.toString();
  }
}
