package io.cdpkit.app.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Every command of the tool as its words after {@code cdp}, such as {@code [workflow, save]}. */
final class HelpCommands {
  private HelpCommands() {}

  static List<List<String>> all() {
    List<List<String>> all = new ArrayList<>();
    collect(Cli.commandLine(), new ArrayList<>(), all);
    return all;
  }

  private static void collect(CommandLine line, List<String> path, List<List<String>> into) {
    for (CommandLine sub : line.getSubcommands().values()) {
      String name = sub.getCommandName();
      if (path.isEmpty() && name.equals("help") || path.contains(name)) {
        continue;
      }
      List<String> words = new ArrayList<>(path);
      words.add(name);
      into.add(words);
      collect(sub, words, into);
    }
  }
}
