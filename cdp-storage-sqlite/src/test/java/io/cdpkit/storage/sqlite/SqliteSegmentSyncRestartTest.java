package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.segments.activation.IdentifierField;
import io.cdpkit.core.delivery.RetryPolicy;
import io.cdpkit.segments.activation.SegmentDestination;
import io.cdpkit.segments.activation.SegmentSync;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncReport;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A segment sync on the SQLite store survives a restart in the middle of its snapshot: the
 * destination applies the second batch but its acknowledgement is lost, the process stops, and a
 * new Cdp, segments service and sync on the reopened file resend that batch unchanged (same
 * idempotency key), finish the snapshot and send what changed since: every member reaches the
 * destination exactly once, and the one who left is removed once.
 */
final class SqliteSegmentSyncRestartTest {
  private static final String SEGMENT = "young-with-email";
  private static final String CRM = "crm";
  private static final RetryPolicy RETRY =
      new RetryPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(1), 3);

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;
  private final TestClock clock = TestClock.at(Instant.parse("2024-01-01T00:00:00Z"));

  /** The destination's side, which outlives the process: each idempotency key applied once. */
  private static final class Remote {
    final Map<String, SyncBatch> applied = new LinkedHashMap<>();
    final List<SyncBatch> attempts = new ArrayList<>();

    List<String> addedIds() {
      return applied.values().stream()
          .flatMap(b -> b.added().stream())
          .map(SyncMember::profileId)
          .toList();
    }

    List<String> removedIds() {
      return applied.values().stream()
          .flatMap(b -> b.removed().stream())
          .map(SyncMember::profileId)
          .toList();
    }
  }

  /** Applies every batch; the first delivery of {@code loseAckOf} then reports a failure. */
  private static final class LossyDestination implements SegmentDestination {
    private final Remote remote;
    private final @Nullable String loseAckOf;
    private boolean lost;

    LossyDestination(Remote remote, @Nullable String loseAckOf) {
      this.remote = remote;
      this.loseAckOf = loseAckOf;
    }

    @Override
    public String name() {
      return CRM;
    }

    @Override
    public List<IdentifierField> fields() {
      return List.of(IdentifierField.plain("email"));
    }

    @Override
    public Optional<String> consentChannel() {
      return Optional.of("email");
    }

    @Override
    public synchronized DeliveryOutcome deliver(SyncBatch batch) {
      remote.attempts.add(batch);
      remote.applied.putIfAbsent(batch.idempotencyKey(), batch);
      if (batch.idempotencyKey().equals(loseAckOf) && !lost) {
        lost = true;
        return DeliveryOutcome.retryable("connection reset before the acknowledgement");
      }
      return DeliveryOutcome.delivered();
    }
  }

  /** One process's worth of objects on the file. */
  private final class Process implements AutoCloseable {
    final SqliteStorage storage;
    final Cdp cdp;
    final Segments segments;
    final SyncStateStore store;
    SegmentSync sync;

    Process() {
      storage = leaks.track(SqliteStorage.open(dir.resolve("cdp.db")));
      cdp = Cdp.builder().storage(storage).clock(clock).build();
      segments = Segments.builder(cdp).store(storage.segmentStore())
          .groups(storage.groupStore()).build();
      store = storage.syncStateStore();
    }

    void startSync(SegmentDestination destination) {
      sync = SegmentSync.builder(cdp, segments).store(store).sync(SEGMENT, destination)
          .batchSize(3).retry(RETRY).build();
    }

    String person(String email, int age) {
      return cdp.identify(Identify.builder().email(email).set("age", age).build()).id();
    }

    @Override
    public void close() {
      if (sync != null) {
        sync.close();
      }
      segments.close();
      cdp.close();
    }
  }

  @Test
  void restartAfterALostAcknowledgementMidSnapshot_noMemberIsLostOrSentTwice() {
    Remote remote = new Remote();
    Map<String, String> emails = new LinkedHashMap<>();
    String unacknowledgedKey = SEGMENT + "/" + CRM + "/2";
    SyncBatch cutOff;
    try (Process first = new Process()) {
      first.segments.save(SEGMENT, "age < 30 and $identifier.email is not empty");
      for (int i = 0; i < 7; i++) {
        String email = "p" + i + "@example.com";
        emails.put(first.person(email, 20 + i), email);
      }
      first.person("old@example.com", 60);
      first.startSync(new LossyDestination(remote, unacknowledgedKey));

      SyncReport report = first.sync.runDue(clock.instant());

      assertThat(report.batches()).isEqualTo(1);
      assertThat(report.failures()).isEqualTo(1);
      SyncState state = first.sync.state(SEGMENT, CRM);
      assertThat(state.hasUnacknowledgedBatch()).isTrue();
      assertThat(state.snapshotComplete()).isFalse();
      cutOff = first.store.findUnacknowledgedBatch(SEGMENT, CRM).orElseThrow();
      assertThat(cutOff.idempotencyKey()).isEqualTo(unacknowledgedKey);
      assertThat(remote.attempts).last().isEqualTo(cutOff);
    }
    assertThat(remote.addedIds()).as("applied before the stop").hasSize(6);

    try (Process second = new Process()) {
      second.startSync(new LossyDestination(remote, null));
      String leaver = remote.applied.get(SEGMENT + "/" + CRM + "/1").added().get(0).profileId();
      second.person(emails.get(leaver), 40);
      String late = second.person("late@example.com", 21);
      int attemptsBefore = remote.attempts.size();
      clock.advance(Duration.ofMinutes(1));

      SyncReport report = second.sync.runDue(clock.instant());

      assertThat(report.failures()).isZero();
      assertThat(remote.attempts.get(attemptsBefore))
          .as("the cut-off batch is resent unchanged, first")
          .isEqualTo(cutOff);
      List<String> expected = new ArrayList<>(emails.keySet());
      expected.add(late);
      assertThat(remote.addedIds()).doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(expected);
      assertThat(remote.removedIds()).containsExactly(leaver);
      assertThat(remote.attempts.subList(attemptsBefore + 1, remote.attempts.size()))
          .as("every batch after the resend is new")
          .extracting(SyncBatch::idempotencyKey)
          .doesNotHaveDuplicates()
          .doesNotContainAnyElementsOf(
              remote.attempts.subList(0, attemptsBefore).stream()
                  .map(SyncBatch::idempotencyKey).toList());
      assertThat(second.store.countSyncedMembers(SEGMENT, CRM)).isEqualTo(7);
      assertThat(second.store.findSyncedMember(SEGMENT, CRM, leaver)).isEmpty();
      assertThat(second.store.findSyncedMember(SEGMENT, CRM, late))
          .contains(new SyncMember(late, Map.of("email", "late@example.com")));
      assertThat(second.store.countPendingChanges(SEGMENT, CRM)).isZero();
      SyncState state = second.sync.state(SEGMENT, CRM);
      assertThat(state.hasUnacknowledgedBatch()).isFalse();
      assertThat(state.snapshotComplete()).isTrue();
      assertThat(second.sync.runDue(clock.instant())).isEqualTo(SyncReport.EMPTY);
    }
  }
}
