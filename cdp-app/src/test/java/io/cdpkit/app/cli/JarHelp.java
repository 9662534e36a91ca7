package io.cdpkit.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * A main class that {@link HelpJarTest} runs on the packaged jar's classes: every command's {@code
 * --help}, and {@code cdp help COMMAND} of every top-level command, in one JVM. Prints where the
 * tool's classes came from, then one line per command, {@code ok cdp WORDS} or {@code FAILED cdp
 * WORDS: why}.
 */
public final class JarHelp {
  private JarHelp() {}

  public static void main(String[] args) {
    System.out.println("from " + Cli.class.getProtectionDomain().getCodeSource().getLocation());
    for (List<String> words : HelpCommands.all()) {
      List<String> help = new ArrayList<>(words);
      help.add("--help");
      String problem = problem(help, words, false);
      if (problem == null && words.size() == 1) {
        problem = problem(List.of("help", words.get(0)), words, true);
      }
      String command = "cdp " + String.join(" ", words);
      System.out.println(problem == null ? "ok " + command : "FAILED " + command + ": " + problem);
    }
  }

  private static String problem(List<String> args, List<String> words, boolean example) {
    CommandLine line = Cli.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    int exit = line.execute(args.toArray(String[]::new));
    String usage = "Usage: cdp " + String.join(" ", words);
    if (exit != 0) {
      return "cdp " + String.join(" ", args) + " exits " + exit + ": " + err.toString().strip();
    }
    if (!out.toString().startsWith(usage)) {
      return "cdp " + String.join(" ", args) + " does not start with '" + usage + "'";
    }
    if (example && !out.toString().contains("Example")) {
      return "cdp " + String.join(" ", args) + " shows no example";
    }
    return null;
  }
}
