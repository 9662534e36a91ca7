package io.cdpkit.storage.sqlite;

import static io.cdpkit.storage.sqlite.CrashChild.enrollments;
import static io.cdpkit.storage.sqlite.CrashChild.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.workflows.spi.StoredSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Test
  void killedAfterTheEntryOrMergeCommitted_nextProcessHandlesEachOnce() throws Exception {
    Path file = dir.resolve("triggers.db");
    CrashChild child = new CrashChild(TriggerSignalCrashMain.class, dir);

    String entered = child.run(file, "enter", T0, TriggerSignalCrashMain.HALTED);
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

    assertThat(enrollments(child.run(file, "resume", T0.plus(Duration.ofMinutes(1)), 0)))
        .containsExactly("resume-1 " + ann + " WAITING");

    String merged =
        child.run(file, "merge", T0.plus(Duration.ofMinutes(3)), TriggerSignalCrashMain.HALTED);
    String bob = profile(merged, "bob");
    String phone = profile(merged, "phone");
    assertThat(merged).contains("HALT merged [" + phone + "] into " + bob);
    assertThat(enrollments(merged)).contains("merge-1 " + phone + " ACTIVE");

    assertThat(enrollments(child.run(file, "resume", T0.plus(Duration.ofMinutes(4)), 0)))
        .as("Ann's entry handled once; the merge moved the enrollment to the survivor")
        .containsExactlyInAnyOrder("resume-1 " + ann + " WAITING", "merge-1 " + bob + " WAITING");
    SqliteStorage reopened = leaks.track(SqliteStorage.open(file));
    assertThat(reopened.enrollmentStore().pendingSignals(10)).isEmpty();
    reopened.close();
  }
}
