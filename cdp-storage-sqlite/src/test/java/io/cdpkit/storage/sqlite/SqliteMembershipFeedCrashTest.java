package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.spi.SegmentStore.PendingChange;
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
 * A profile change reaches segment membership, and so the workflow on segment entry, exactly once
 * on SQLite, also when the process dies between storing the change and re-evaluating the profile,
 * and when the change is stored by a process with no segments at all: the store records a pending
 * membership change in the change's own transaction, and the next process's due work settles it.
 */
final class SqliteMembershipFeedCrashTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Pattern PROFILE = Pattern.compile("PROFILE (\\w+) (\\S+)");
  private static final Pattern ENROLLMENT = Pattern.compile("\\[([^]]+)]");

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Test
  void killedBeforeReevaluation_orChangedWithoutSegments_nextDueWorkEnrollsOnce() throws Exception {
    Path file = dir.resolve("feed.db");
    String setup = run(file, "setup", T0, 0);
    String ann = profile(setup, "ann");
    String bob = profile(setup, "bob");

    assertThat(run(file, "change", T0.plusSeconds(60), MembershipFeedCrashMain.HALTED))
        .contains("HALT updated " + ann);
    SqliteStorage afterKill = leaks.track(SqliteStorage.open(file));
    assertThat(afterKill.segmentStore().isMember("pros", ann)).as("not re-evaluated").isFalse();
    assertThat(afterKill.segmentStore().pendingChanges(10))
        .extracting(PendingChange::profileId).containsExactly(ann);
    afterKill.close();

    assertThat(enrollments(run(file, "due", T0.plus(Duration.ofMinutes(2)), 0)))
        .containsExactly(ann + " WAITING");

    run(file, "plain", T0.plus(Duration.ofMinutes(3)), 0);
    assertThat(enrollments(run(file, "due", T0.plus(Duration.ofMinutes(4)), 0)))
        .as("Ann's change handled once; Bob's, stored without segments, reaches the workflow")
        .containsExactlyInAnyOrder(ann + " WAITING", bob + " WAITING");
    assertThat(enrollments(run(file, "due", T0.plus(Duration.ofMinutes(5)), 0)))
        .containsExactlyInAnyOrder(ann + " WAITING", bob + " WAITING");

    SqliteStorage reopened = leaks.track(SqliteStorage.open(file));
    assertThat(reopened.segmentStore().members("pros", null, 10))
        .containsExactlyInAnyOrder(ann, bob);
    assertThat(reopened.segmentStore().pendingChanges(10)).isEmpty();
    reopened.close();
  }

  /** Runs a child to its end and returns its output, checking its exit status. */
  private String run(Path file, String phase, Instant now, int exit) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path output = Files.createTempFile(dir, phase, ".txt");
    Process child = new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"),
            MembershipFeedCrashMain.class.getName(), file.toString(), phase, now.toString())
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

  /** The enrollments the child printed last, each as "profile state". */
  private static List<String> enrollments(String output) {
    String last = output.lines().filter(l -> l.startsWith("ENROLLMENTS")).reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no enrollments printed in " + output));
    return ENROLLMENT.matcher(last).results().map(r -> r.group(1)).toList();
  }
}
