package io.cdpkit.storage.sqlite;

import static io.cdpkit.storage.sqlite.CrashChild.enrollments;
import static io.cdpkit.storage.sqlite.CrashChild.profile;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.spi.SegmentStore.PendingChange;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Test
  void killedBeforeReevaluation_orChangedWithoutSegments_nextDueWorkEnrollsOnce() throws Exception {
    Path file = dir.resolve("feed.db");
    CrashChild child = new CrashChild(MembershipFeedCrashMain.class, dir);
    String setup = child.run(file, "setup", T0, 0);
    String ann = profile(setup, "ann");
    String bob = profile(setup, "bob");

    assertThat(child.run(file, "change", T0.plusSeconds(60), MembershipFeedCrashMain.HALTED))
        .contains("HALT updated " + ann);
    SqliteStorage afterKill = leaks.track(SqliteStorage.open(file));
    assertThat(afterKill.segmentStore().isMember("pros", ann)).as("not re-evaluated").isFalse();
    assertThat(afterKill.segmentStore().pendingChanges(10))
        .extracting(PendingChange::profileId).containsExactly(ann);
    afterKill.close();

    assertThat(enrollments(child.run(file, "due", T0.plus(Duration.ofMinutes(2)), 0)))
        .containsExactly(ann + " WAITING");

    child.run(file, "plain", T0.plus(Duration.ofMinutes(3)), 0);
    assertThat(enrollments(child.run(file, "due", T0.plus(Duration.ofMinutes(4)), 0)))
        .as("Ann's change handled once; Bob's, stored without segments, reaches the workflow")
        .containsExactlyInAnyOrder(ann + " WAITING", bob + " WAITING");
    assertThat(enrollments(child.run(file, "due", T0.plus(Duration.ofMinutes(5)), 0)))
        .containsExactlyInAnyOrder(ann + " WAITING", bob + " WAITING");

    SqliteStorage reopened = leaks.track(SqliteStorage.open(file));
    assertThat(reopened.segmentStore().members("pros", null, 10))
        .containsExactlyInAnyOrder(ann, bob);
    assertThat(reopened.segmentStore().pendingChanges(10)).isEmpty();
    reopened.close();
  }
}
