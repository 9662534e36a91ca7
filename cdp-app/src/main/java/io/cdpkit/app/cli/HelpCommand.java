package io.cdpkit.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code cdp help [COMMAND [SUBCOMMAND]]}: the usage of any command, nested ones too ({@code cdp
 * help workflow save}), where picocli's own help command reads only the first word.
 */
@Command(name = "help", helpCommand = true,
    description = "Show the usage of a command, such as: cdp help workflow save.")
final class HelpCommand implements IHelpCommandInitializable2, Runnable {
  @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "A command and its subcommands.")
  List<String> words = new ArrayList<>();

  private @Nullable CommandLine self;
  private @Nullable PrintWriter out;
  private Help.@Nullable ColorScheme colors;

  @Override
  public void init(CommandLine helpCommandLine, Help.ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = Objects.requireNonNull(helpCommandLine, "helpCommandLine");
    this.colors = Objects.requireNonNull(colorScheme, "colorScheme");
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void run() {
    CommandLine help = Objects.requireNonNull(self, "init first");
    CommandLine command = Objects.requireNonNull(help.getParent(), "help is a subcommand");
    List<String> path = new ArrayList<>(List.of("cdp"));
    for (String word : words) {
      CommandLine sub = command.getSubcommands().get(word);
      if (sub == null) {
        throw new ParameterException(help, "Unknown command: '" + String.join(" ", path) + " " + word
            + "'; the commands of " + String.join(" ", path) + ": " + String.join(", ", command.getSubcommands().keySet()));
      }
      path.add(word);
      command = sub;
    }
    command.usage(Objects.requireNonNull(out), Objects.requireNonNull(colors));
  }
}
