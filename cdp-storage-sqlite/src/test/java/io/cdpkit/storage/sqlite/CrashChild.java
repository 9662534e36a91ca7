package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The child JVMs of a crash test: each phase runs {@code main} on the SQLite file at an instant,
 * and prints lines the test reads back ({@code PROFILE name id}, {@code ENROLLMENTS [...]}).
 */
final class CrashChild {
  private static final Pattern PROFILE = Pattern.compile("PROFILE (\\w+) (\\S+)");
  private static final Pattern ENROLLMENT = Pattern.compile("\\[([^]]+)]");

  private final Class<?> main;
  private final Path dir;

  /** Children running {@code main}, their output kept in {@code dir}. */
  CrashChild(Class<?> main, Path dir) {
    this.main = main;
    this.dir = dir;
  }

  /** Runs a phase to its end and returns its output, checking its exit status. */
  String run(Path file, String phase, Instant now, int exit) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path output = Files.createTempFile(dir, phase, ".txt");
    Process child = new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"),
            main.getName(), file.toString(), phase, now.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("phase %s ended", phase).isTrue();
    String text = Files.readString(output);
    assertThat(child.exitValue()).as("exit of phase %s; output: %s", phase, text).isEqualTo(exit);
    return text;
  }

  /** The id the child printed for the profile it calls {@code name}. */
  static String profile(String output, String name) {
    Matcher m = PROFILE.matcher(output);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no profile " + name + " in " + output);
  }

  /** The enrollments the child printed last, each as the child wrote it. */
  static List<String> enrollments(String output) {
    String last = output.lines().filter(l -> l.startsWith("ENROLLMENTS")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no enrollments printed in " + output));
    return ENROLLMENT.matcher(last).results().map(r -> r.group(1)).toList();
  }
}
