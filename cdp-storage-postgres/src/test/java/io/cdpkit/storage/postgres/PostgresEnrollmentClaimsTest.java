package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.spi.NewEnrollment;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.StoredSignal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two application instances (two {@code PostgresStorage}s, each with its own pool and enrollment
 * store) on one database: what one claims with {@code due} or {@code pendingSignals} the other
 * does not get until the claim is released or its lease ends.
 */
final class PostgresEnrollmentClaimsTest {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMillis(1500);

  private PostgresStorage first;
  private PostgresStorage second;
  private EnrollmentStore a;
  private EnrollmentStore b;
  private ExecutorService threads;

  @BeforeEach
  void openTwoInstances() {
    String url = TestPostgres.freshDatabaseUrl();
    PostgresOptions options = PostgresOptions.defaults().withPoolSize(2).withClaimLease(LEASE);
    first = PostgresStorage.open(url, options);
    second = PostgresStorage.open(url, options);
    a = first.enrollmentStore();
    b = second.enrollmentStore();
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void close() throws InterruptedException {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    first.close();
    second.close();
  }

  private static Enrollment enrollment(String id) {
    return Enrollment.start(id, "w", 1, "p-" + id, "s1", null, T0);
  }

  private static Enrollment completed(Enrollment e) {
    return e.withState(EnrollmentState.COMPLETED, null).ended(null, T0);
  }

  private void insert(int count) {
    IntStream.range(0, count).forEach(i -> a.insert(enrollment(String.format("e%03d", i))));
  }

  /** Runs both calls at once, each on its own thread, and returns their results in order. */
  private <T> List<T> together(Callable<T> one, Callable<T> other) throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> call : List.of(one, other)) {
      futures.add(threads.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        return call.call();
      }));
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  private static Set<String> ids(List<Enrollment> enrollments) {
    return enrollments.stream().map(Enrollment::id).collect(HashSet::new, Set::add, Set::addAll);
  }

  @Test
  @DisplayName("two instances claiming at once never get the same enrollment")
  void concurrentClaimsAreDisjoint() throws Exception {
    insert(64);
    for (int round = 0; round < 4; round++) {
      List<List<Enrollment>> claimed = together(() -> a.due(T0, 8), () -> b.due(T0, 8));
      assertThat(ids(claimed.get(0))).doesNotContainAnyElementsOf(ids(claimed.get(1)));
      assertThat(claimed.get(0)).hasSize(8);
      assertThat(claimed.get(1)).hasSize(8);
      for (Enrollment e : claimed.get(0)) {
        a.update(completed(e));
      }
      for (Enrollment e : claimed.get(1)) {
        b.update(completed(e));
      }
    }
  }

  @Test
  @DisplayName("two instances draining due enrollments like the engine each advance every one exactly once")
  void drainingTogetherAdvancesEachOnce() throws Exception {
    insert(120);
    Function<EnrollmentStore, Callable<List<String>>> drain = store -> () -> {
      List<String> advanced = new ArrayList<>();
      List<Enrollment> due;
      while (!(due = store.due(T0, 7)).isEmpty()) {
        for (Enrollment e : due) {
          advanced.add(e.id());
          store.update(completed(e));
        }
      }
      return advanced;
    };
    List<List<String>> advanced = together(drain.apply(a), drain.apply(b));
    List<String> all = new ArrayList<>(advanced.get(0));
    all.addAll(advanced.get(1));
    assertThat(all).doesNotHaveDuplicates().hasSize(120);
    assertThat(a.countByState("w")).containsEntry(EnrollmentState.COMPLETED, 120L);
  }

  @Test
  @DisplayName("a claim is seen again by its holder only, and the other instance takes it once its lease ends")
  void leaseExpiry() throws InterruptedException {
    insert(2);
    assertThat(a.due(T0, 1)).extracting(Enrollment::id).containsExactly("e000");
    assertThat(a.due(T0, 1)).as("the holder's claim stays visible to it")
        .extracting(Enrollment::id).containsExactly("e000");
    assertThat(b.due(T0, 10)).extracting(Enrollment::id).containsExactly("e001");
    assertThat(a.due(T0, 10)).extracting(Enrollment::id).containsExactly("e000");

    Thread.sleep(LEASE.toMillis() + 100);
    assertThat(b.due(T0, 10)).as("both leases ended; b renews its own and takes a's")
        .extracting(Enrollment::id).containsExactly("e000", "e001");
    assertThat(a.due(T0, 10)).isEmpty();
  }

  @Test
  @DisplayName("an update releases the writer's claim, except mid-advance (ACTIVE) where it renews it, and never another's")
  void updateReleases() throws InterruptedException {
    insert(1);
    Enrollment e = a.due(T0, 1).get(0);
    Thread.sleep(LEASE.toMillis() * 2 / 3);
    e = a.update(e.note(T0, "about to send"));
    Thread.sleep(LEASE.toMillis() * 2 / 3);
    assertThat(b.due(T0, 10))
        .as("an ACTIVE enrollment is mid-advance: still claimed, its lease renewed")
        .isEmpty();
    Enrollment waiting = a.update(e.withState(EnrollmentState.WAITING, T0));
    assertThat(b.due(T0, 10)).as("released").containsExactly(waiting);

    a.update(waiting.note(T0, "written by a, which holds no claim"));
    assertThat(a.due(T0, 10)).as("b's claim survives a's update").isEmpty();
  }

  @Test
  @DisplayName("pending signals are claimed like enrollments, and a completion that lost its signal to the other instance enrolls nothing")
  void signals() throws Exception {
    for (int i = 0; i < 10; i++) {
      a.appendSignal(StoredSignal.Kind.EVENT_STORED, "{\"event\":\"ev" + i + "\"}");
    }
    List<List<StoredSignal>> claimed =
        together(() -> a.pendingSignals(4), () -> b.pendingSignals(4));
    Set<Long> mine = new HashSet<>();
    claimed.get(0).forEach(s -> mine.add(s.id()));
    assertThat(claimed.get(1)).hasSize(4).noneMatch(s -> mine.contains(s.id()));
    assertThat(claimed.get(0)).hasSize(4);

    StoredSignal lost = claimed.get(0).get(0);
    Thread.sleep(LEASE.toMillis() + 100);
    assertThat(b.pendingSignals(10)).as("every lease ended: b takes all ten").hasSize(10);
    assertThat(a.pendingSignals(10)).isEmpty();
    b.completeSignal(lost.id(), List.of(NewEnrollment.of(enrollment("by-b"))));
    a.completeSignal(lost.id(), List.of(NewEnrollment.of(enrollment("by-a"))));
    assertThat(a.ofWorkflow("w")).extracting(Enrollment::id).containsExactly("by-b");
  }
}
