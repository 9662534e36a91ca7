package io.cdpkit.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * A main class that {@link JarCdp.Commands} runs on the packaged jar's classes: reads command lines
 * from standard input, one JSON array of arguments a line, runs each as {@link Cli#main} would (a
 * fresh command line, the same handlers) and answers each with a JSON line {@code {"exit": ...,
 * "out": ..., "err": ...}}. One JVM for many commands, so that every command can run on the jar
 * within the test suite's time.
 */
public final class JarCommands {
  private JarCommands() {}

  public static void main(String[] args) throws IOException {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    ObjectMapper json = new ObjectMapper();
    PrintStream answers = System.out;
    PrintStream errors = System.err;
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] command = json.readValue(line, String[].class);
      // What a command prints past its command line (a log line) joins its standard error.
      ByteArrayOutputStream stray = new ByteArrayOutputStream();
      PrintStream strayStream = new PrintStream(stray, true, StandardCharsets.UTF_8);
      System.setOut(strayStream);
      System.setErr(strayStream);
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit;
      try {
        CommandLine cli = Cli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        exit = cli.execute(command);
      } finally {
        System.setOut(answers);
        System.setErr(errors);
      }
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("exit", exit);
      answer.put("out", out.toString());
      answer.put("err", err + stray.toString(StandardCharsets.UTF_8));
      answers.println(json.writeValueAsString(answer));
      answers.flush();
    }
  }
}
