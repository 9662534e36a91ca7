package io.cdpkit.app.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged {@code cdp.jar}, run as a user runs it: {@code java -jar cdp.jar ARGS}, one JVM per
 * command, in a working directory, with no terminal and no {@code CDP_*} variables. The JVMs use
 * C1 only, the serial collector and a class data archive dumped once per test run from a command
 * on a SQLite file: that takes a {@code segment count} child from about 2.6 s of CPU to 1 s (and
 * its wall time on a loaded machine from 11 s to 2 s); other flags (a small heap, no perf data,
 * one compiler thread, the interpreter alone) measured no better.
 *
 * <p>The jar exists from the {@code package} phase on: the {@code jar-test} execution of the
 * surefire plugin runs {@code *JarTest} in {@code integration-test} with the jar's path in the
 * {@code cdp.jar} property; elsewhere (an IDE, the ordinary test phase) they are skipped.
 */
final class JarCdp {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private static final List<String> FAST_START =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xlog:disable");
  private static final long TIMEOUT_SECONDS = 120;

  private static List<String> jvmOptions;

  private JarCdp() {}

  /** What a command printed, and its exit code. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nout: " + out + "\nerr: " + err;
    }
  }

  /** The packaged jar; skips the calling test when it runs before {@code package}. */
  static Path jar() {
    String jar = System.getProperty("cdp.jar");
    assumeTrue(jar != null, "runs in the integration-test phase (mvn verify), on the packaged jar");
    Path path = Path.of(jar);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("cdp.jar is not built: " + path);
    }
    return path;
  }

  /** Runs {@code java -jar cdp.jar ARGS} in {@code workDir} to its end. */
  static Result run(Path workDir, List<String> args) {
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(jvmOptions());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(args);
    return exec(workDir, command);
  }

  /** Starts {@code java -jar cdp.jar ARGS} in {@code workDir}, its output piped, for a server. */
  static Process start(Path workDir, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(jvmOptions());
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("CDP_"));
    return builder.start();
  }

  /** Runs a JVM on the jar's classes with a main class of the tests, such as {@link JarHelp}. */
  static Result runMain(Path workDir, Class<?> main, List<String> args) {
    List<String> command = mainCommand(main);
    command.addAll(args);
    return exec(workDir, command);
  }

  private static List<String> mainCommand(Class<?> main) {
    Path testClasses;
    try {
      testClasses = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    List<String> command = new ArrayList<>(List.of(JAVA));
    command.addAll(jvmOptions());
    // The jar first: every class of the tool comes from it, only the main class from the tests.
    command.addAll(List.of("-cp", jar() + File.pathSeparator + testClasses, main.getName()));
    return command;
  }

  /**
   * One JVM on the jar's classes that runs command after command ({@link JarCommands}), each as
   * {@code java -jar} would run it but without a JVM's start-up each.
   */
  static final class Commands implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final BufferedWriter requests;
    private final BufferedReader answers;

    Commands(Path workDir) throws IOException {
      ProcessBuilder builder = new ProcessBuilder(mainCommand(JarCommands.class)).directory(workDir.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().keySet().removeIf(name -> name.startsWith("CDP_"));
      process = builder.start();
      requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
      answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    Result run(List<String> args) {
      try {
        requests.write(JSON.writeValueAsString(args));
        requests.newLine();
        requests.flush();
        String line = answers.readLine();
        if (line == null) {
          throw new IllegalStateException("the command JVM ended before answering " + args);
        }
        JsonNode answer = JSON.readTree(line);
        return new Result(answer.get("exit").asInt(), answer.get("out").asText().strip(),
            answer.get("err").asText().strip());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() throws InterruptedException {
      try {
        requests.close();
      } catch (IOException ignored) {
        // The JVM ended already; it is destroyed below if not.
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  private static synchronized List<String> jvmOptions() {
    if (jvmOptions == null) {
      Path archive = jar().resolveSibling("cdp-jar-test.jsa");
      List<String> options = new ArrayList<>(FAST_START);
      try {
        Files.deleteIfExists(archive);
        Path scratch = Files.createTempDirectory("cdp-cds");
        List<String> dump = new ArrayList<>(List.of(JAVA));
        dump.addAll(FAST_START);
        dump.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-jar", jar().toString(),
            "--db", scratch.resolve("cds.db").toString(), "segment", "count", "age > 1"));
        exec(scratch, dump);
        try (var files = Files.walk(scratch)) {
          files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // Without an archive (a JVM that cannot dump one) the commands only start slower.
      if (Files.exists(archive)) {
        options.add("-XX:SharedArchiveFile=" + archive);
      }
      jvmOptions = List.copyOf(options);
    }
    return jvmOptions;
  }

  private static Result exec(Path workDir, List<String> command) {
    try {
      Path out = Files.createTempFile("cdp-out", ".txt");
      Path err = Files.createTempFile("cdp-err", ".txt");
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().keySet().removeIf(name -> name.startsWith("CDP_"));
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("no end within " + TIMEOUT_SECONDS + " s: " + command);
      }
      Result result = new Result(process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8).strip(),
          Files.readString(err, StandardCharsets.UTF_8).strip());
      Files.delete(out);
      Files.delete(err);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
