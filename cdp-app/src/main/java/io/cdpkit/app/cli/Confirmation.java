package io.cdpkit.app.cli;

import java.io.Console;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The consent a destructive command needs: {@code --yes}, or "y" typed at the terminal. Without a
 * terminal (a script, a pipe) and without {@code --yes} the command is refused as a usage error,
 * so a script never deletes by accident.
 */
final class Confirmation {
  private Confirmation() {}

  /**
   * Returns normally when the user agreed to {@code what}.
   *
   * @throws CommandLine.ParameterException when they did not, or could not be asked
   */
  static void require(CommandSpec spec, boolean yes, String what) {
    if (yes) {
      return;
    }
    Console console = System.console();
    if (console == null) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "this would " + what + "; add --yes to confirm (there is no terminal to ask)");
    }
    String answer = console.readLine("This will %s. Continue? [y/N] ", what);
    if (answer == null || !answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
      throw new CommandLine.ParameterException(spec.commandLine(), "not confirmed: nothing was changed");
    }
  }
}
