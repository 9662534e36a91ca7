package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.cdpkit.segments.activation.PendingChange;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one database, as two application processes running SegmentSync: the batch one
 * instance claimed (by forming it, or by taking it) is not handed to the other until the claim's
 * lease expires or the batch is acknowledged.
 */
final class PostgresSyncClaimTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofMillis(300);

  private PostgresStorage first;
  private PostgresStorage second;
  private SyncStateStore a;
  private SyncStateStore b;

  @BeforeEach
  void openTwoInstances() {
    String url = TestPostgres.freshDatabaseUrl();
    PostgresOptions options = PostgresOptions.defaults().withPoolSize(4).withClaimLease(LEASE);
    first = PostgresStorage.open(url, options);
    second = PostgresStorage.open(url, options);
    a = first.syncStateStore();
    b = second.syncStateStore();
  }

  @AfterEach
  void close() {
    first.close();
    second.close();
  }

  private static SyncBatch batch(long sequence, String member) {
    return new SyncBatch("seg", "dest", sequence, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember(member, Map.of("email", member + "@example.com"))), List.of());
  }

  private static SyncState state(long sequence, long acknowledged) {
    return new SyncState("seg", "dest", SyncState.Status.ACTIVE, null, true, sequence,
        acknowledged, 0, T0, null, T0);
  }

  @Test
  void formedBatch_isTheFormersUntilItsLeaseExpires_thenTheOtherTakesItOver()
      throws InterruptedException {
    SyncBatch formed = batch(1, "p1");
    a.saveBatch(formed, List.of(), state(1, 0));

    assertThat(b.findUnacknowledgedBatch("seg", "dest")).isEmpty();
    assertThat(a.findUnacknowledgedBatch("seg", "dest")).contains(formed);
    assertThat(a.findUnacknowledgedBatch("seg", "dest"))
        .as("a claim held by this instance stays visible to it")
        .contains(formed);
    assertThat(b.findUnacknowledgedBatch("seg", "dest")).isEmpty();

    Thread.sleep(LEASE.toMillis() + 100);
    assertThat(b.findUnacknowledgedBatch("seg", "dest"))
        .as("taken over after the lease expired")
        .contains(formed);
    assertThat(a.findUnacknowledgedBatch("seg", "dest"))
        .as("the former owner lost it to the instance that took it over")
        .isEmpty();
  }

  @Test
  void renewedClaim_staysWithItsOwner() throws InterruptedException {
    a.saveBatch(batch(1, "p1"), List.of(), state(1, 0));
    for (int i = 0; i < 3; i++) {
      Thread.sleep(LEASE.toMillis() / 2);
      assertThat(a.findUnacknowledgedBatch("seg", "dest")).as("renews the claim").isPresent();
      assertThat(b.findUnacknowledgedBatch("seg", "dest")).isEmpty();
    }
  }

  @Test
  void acknowledgedBatch_isHandedToNobody_andTheNextIsClaimedByItsFormer() {
    SyncBatch one = batch(1, "p1");
    a.saveBatch(one, List.of(), state(1, 0));
    a.acknowledge(one, state(1, 1));
    assertThat(b.findUnacknowledgedBatch("seg", "dest")).isEmpty();

    SyncBatch two = batch(2, "p2");
    b.saveBatch(two, List.of(), state(2, 1));
    assertThat(a.findUnacknowledgedBatch("seg", "dest")).isEmpty();
    assertThat(b.findUnacknowledgedBatch("seg", "dest")).contains(two);
    assertThat(a.findSyncedMember("seg", "dest", "p1")).isPresent();
  }

  @Test
  void changesOfAPairWhoseBatchTheOtherHolds_areNotDeletedAsNeedingNoDelivery() {
    PendingChange exit = a.appendChange("seg", "dest", "p1", "EXITED", T0);
    a.saveBatch(batch(1, "p1"), List.of(), state(1, 0));

    assertThatIllegalStateException()
        .as("p1 is not held yet, but will be once the other instance's batch is acknowledged")
        .isThrownBy(() -> b.deleteChanges(List.of(exit.id())))
        .withMessageContaining("seg/dest/1");
    assertThat(b.pendingChanges("seg", "dest", 10)).containsExactly(exit);
    a.deleteChanges(List.of(exit.id()));
    assertThat(b.pendingChanges("seg", "dest", 10)).isEmpty();
  }

  @Test
  void expiredClaim_racedForByBothInstances_goesToExactlyOne() throws Exception {
    SyncBatch formed = batch(1, "p1");
    a.saveBatch(formed, List.of(), state(1, 0));
    Thread.sleep(LEASE.toMillis() + 100);

    int perInstance = 4;
    ExecutorService threads = Executors.newFixedThreadPool(2 * perInstance);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<SyncBatch>>> byA = new ArrayList<>();
      List<Future<Optional<SyncBatch>>> byB = new ArrayList<>();
      for (int i = 0; i < perInstance; i++) {
        byA.add(threads.submit(claim(start, a)));
        byB.add(threads.submit(claim(start, b)));
      }
      start.countDown();
      boolean aGotIt = false;
      boolean bGotIt = false;
      for (int i = 0; i < perInstance; i++) {
        aGotIt |= byA.get(i).get().isPresent();
        bGotIt |= byB.get(i).get().isPresent();
      }
      assertThat(aGotIt ^ bGotIt).as("exactly one instance holds the batch").isTrue();
    } finally {
      threads.shutdownNow();
    }
  }

  private static Callable<Optional<SyncBatch>> claim(CountDownLatch start, SyncStateStore store) {
    return () -> {
      start.await();
      return store.findUnacknowledgedBatch("seg", "dest");
    };
  }
}
