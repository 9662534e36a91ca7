package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.workflows.spi.StoredSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment entry and a merge reach the workflow engine exactly once on SQLite, also when the
 * process dies right after the change commits: a child JVM halts (as kill -9) after Ann's entry
 * into {@code pros} is committed, before any listener registered after its halting one could hand
 * the entry to the engine, and later after a merge is committed. Since the signal is written in
 * the change's own transaction, the next process enrolls Ann once (and a later run does not
 * enroll her again), and moves the merged-away profile's enrollment to the survivor.
 */
final class SqliteTriggerSignalCrashTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Pattern PROFILE = Pattern.compile("PROFILE (\\w+) (\\S+)");
  private static final Pattern ENROLLMENT = Pattern.compile("\\[([^]]+)]");

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Test
  void killedAfterTheEntryOrMergeCommitted_nextProcessHandlesEachOnce() throws Exception {
    Path file = dir.resolve("triggers.db");

    String entered = run(file, "enter", T0, TriggerSignalCrashMain.HALTED);
    assertThat(entered).contains("HALT entered pros").doesNotContain("WAITING");
    String ann = profile(entered, "ann");
    SqliteStorage afterKill = leaks.track(SqliteStorage.open(file));
    assertThat(afterKill.segmentStore().isMember("pros", ann)).isTrue();
    assertThat(afterKill.enrollmentStore().pendingSignals(10))
        .singleElement()
        .satisfies(signal -> {
          assertThat(signal.kind()).isEqualTo(StoredSignal.Kind.SEGMENT_TRANSITION);
          assertThat(signal.payload()).contains(ann, "ENTERED");
        });
    afterKill.close();

    assertThat(enrollments(run(file, "resume", T0.plus(Duration.ofMinutes(1)), 0)))
        .containsExactly("resume-1 " + ann + " WAITING");

    String merged = run(file, "merge", T0.plus(Duration.ofMinutes(3)), TriggerSignalCrashMain.HALTED);
    String bob = profile(merged, "bob");
    String phone = profile(merged, "phone");
    assertThat(merged).contains("HALT merged [" + phone + "] into " + bob);
    assertThat(enrollments(merged)).contains("merge-1 " + phone + " ACTIVE");

    assertThat(enrollments(run(file, "resume", T0.plus(Duration.ofMinutes(4)), 0)))
        .as("Ann's entry handled once; the merge moved the enrollment to the survivor")
        .containsExactlyInAnyOrder("resume-1 " + ann + " WAITING", "merge-1 " + bob + " WAITING");
    SqliteStorage reopened = leaks.track(SqliteStorage.open(file));
    assertThat(reopened.enrollmentStore().pendingSignals(10)).isEmpty();
    reopened.close();
  }

  /** Runs a child to its end and returns its output, checking its exit status. */
  private String run(Path file, String phase, Instant now, int exit) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path output = Files.createTempFile(dir, phase, ".txt");
    Process child = new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"),
            TriggerSignalCrashMain.class.getName(), file.toString(), phase, now.toString())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("phase %s ended", phase).isTrue();
    String text = Files.readString(output);
    assertThat(child.exitValue()).as("exit of phase %s; output: %s", phase, text).isEqualTo(exit);
    return text;
  }

  private static String profile(String output, String name) {
    Matcher m = PROFILE.matcher(output);
    while (m.find()) {
      if (m.group(1).equals(name)) {
        return m.group(2);
      }
    }
    throw new AssertionError("no profile " + name + " in " + output);
  }

  /** The enrollments the child printed last, each as "id profile state". */
  private static List<String> enrollments(String output) {
    String last = output.lines().filter(l -> l.startsWith("ENROLLMENTS")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no enrollments printed in " + output));
    return ENROLLMENT.matcher(last).results().map(r -> r.group(1)).toList();
  }
}
