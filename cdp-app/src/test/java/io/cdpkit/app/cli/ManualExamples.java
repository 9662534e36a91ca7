package io.cdpkit.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code cdp} command lines of CLI.md's code blocks, split into arguments as a POSIX shell
 * splits them ({@code '...'}, {@code "..."}, backslashes, {@code # comments}, {@code &&}), so that
 * tests run the manual's examples as a reader would paste them.
 */
final class ManualExamples {
  private static final Pattern COMMAND_LINE = Pattern.compile("^(\\$ )?(CDP_\\w+=\\S+ )*cdp( |$)");
  private static final Set<String> GLOBAL_OPTIONS_WITH_VALUE = Set.of("--db", "--busy-timeout", "--now", "--zone");
  private static final Set<String> GLOBAL_FLAGS = Set.of("--json", "-q", "--quiet");

  /** One example: its line in CLI.md, its arguments after {@code cdp}, what a shell would expand. */
  record Example(int line, String text, List<String> args, List<String> expansions) {
    /** The arguments with the global options before the command taken out. */
    List<String> commandWords() {
      List<String> words = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (GLOBAL_OPTIONS_WITH_VALUE.contains(arg)) {
          i++;
        } else if (!GLOBAL_FLAGS.contains(arg)) {
          words.add(arg);
        }
      }
      return words;
    }

    /** Whether this example runs {@code command}, such as {@code [workflow, save]}. */
    boolean runs(List<String> command) {
      List<String> words = commandWords();
      return words.size() >= command.size() && words.subList(0, command.size()).equals(command);
    }

    @Override
    public String toString() {
      return "CLI.md line " + line + ": " + text;
    }
  }

  private ManualExamples() {}

  /** Every {@code cdp} command line in the code blocks of {@code CLI.md} in the working directory. */
  static List<Example> read() {
    try {
      return parse(Files.readAllLines(Path.of("CLI.md"), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Example> parse(List<String> lines) {
    List<Example> examples = new ArrayList<>();
    boolean inBlock = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("```")) {
        inBlock = !inBlock;
        continue;
      }
      if (!inBlock || !COMMAND_LINE.matcher(line).find()) {
        continue;
      }
      int first = i;
      StringBuilder text = new StringBuilder(line.startsWith("$ ") ? line.substring(2) : line);
      while (text.toString().endsWith("\\") && i + 1 < lines.size()) {
        text.setLength(text.length() - 1);
        text.append(lines.get(++i).strip());
      }
      List<String> expansions = new ArrayList<>();
      for (List<String> command : commands(text.toString(), expansions)) {
        int start = 0;
        while (start < command.size() && command.get(start).matches("CDP_\\w+=.*")) {
          start++;
        }
        if (start < command.size() && command.get(start).equals("cdp")) {
          examples.add(new Example(first + 1, text.toString().strip(),
              List.copyOf(command.subList(start + 1, command.size())), List.copyOf(expansions)));
        }
      }
    }
    return examples;
  }

  /** The simple commands of a shell line: words up to {@code &&}, {@code ;}, {@code |} or a redirection. */
  private static List<List<String>> commands(String text, List<String> expansions) {
    List<List<String>> commands = new ArrayList<>();
    List<String> words = new ArrayList<>();
    StringBuilder word = null;
    boolean skipping = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\'') {
        int end = text.indexOf('\'', i + 1);
        word = word == null ? new StringBuilder() : word;
        word.append(text, i + 1, end);
        i = end;
      } else if (c == '"') {
        word = word == null ? new StringBuilder() : word;
        for (i++; text.charAt(i) != '"'; i++) {
          char d = text.charAt(i);
          if (d == '\\' && "\"\\$`".indexOf(text.charAt(i + 1)) >= 0) {
            d = text.charAt(++i);
          } else if (d == '$') {
            expansions.add(text.substring(i));
          }
          word.append(d);
        }
      } else if (c == '\\' && i + 1 < text.length()) {
        word = word == null ? new StringBuilder() : word;
        word.append(text.charAt(++i));
      } else if (Character.isWhitespace(c)) {
        if (word != null && !skipping) {
          words.add(word.toString());
        }
        word = null;
      } else if (c == '#' && word == null) {
        break;
      } else if (c == '&' || c == ';' || c == '|' || c == '>' || c == '<') {
        if (word != null && !skipping) {
          words.add(word.toString());
        }
        word = null;
        if (c == '>' || c == '<') {
          skipping = true; // the redirection's file, to the end of this command
        } else {
          if (c == '&' && i + 1 < text.length() && text.charAt(i + 1) == '&') {
            i++;
          }
          commands.add(words);
          words = new ArrayList<>();
          skipping = false;
        }
      } else {
        if (c == '$') {
          expansions.add(text.substring(i));
        }
        word = word == null ? new StringBuilder() : word;
        word.append(c);
      }
    }
    if (word != null && !skipping) {
      words.add(word.toString());
    }
    commands.add(words);
    return commands;
  }
}
