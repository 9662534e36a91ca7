package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.spi.SegmentStore;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two stores on one database (two pools, as two application instances have) racing to record the
 * same membership transition: exactly one of them reports it each time.
 */
final class PostgresSegmentMembershipRaceTest {
  private static final int ROUNDS = 40;

  private PostgresStorage first;
  private PostgresStorage second;
  private ExecutorService threads;

  @BeforeEach
  void open() {
    String url = TestPostgres.freshDatabaseUrl();
    first = PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
    second = PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));
    threads = Executors.newFixedThreadPool(2);
  }

  @AfterEach
  void close() {
    threads.shutdownNow();
    first.close();
    second.close();
  }

  @Test
  @DisplayName("of two instances entering or leaving a profile at once, exactly one reports it")
  void oneReportPerTransition() throws Exception {
    SegmentStore a = first.segmentStore();
    SegmentStore b = second.segmentStore();
    for (int round = 0; round < ROUNDS; round++) {
      String profile = "p" + round % 3;
      assertThat(race(a, b, (store, id) -> store.addMember("s", id), profile))
          .as("entries reported in round %d", round)
          .containsExactlyInAnyOrder(true, false);
      assertThat(race(a, b, (store, id) -> store.removeMember("s", id), profile))
          .as("exits reported in round %d", round)
          .containsExactlyInAnyOrder(true, false);
    }
    assertThat(a.countMembers("s")).isZero();
  }

  private List<Boolean> race(
      SegmentStore a, SegmentStore b, BiPredicate<SegmentStore, String> change, String profile)
      throws Exception {
    CyclicBarrier start = new CyclicBarrier(2);
    Future<Boolean> one = threads.submit(() -> {
      start.await();
      return change.test(a, profile);
    });
    Future<Boolean> two = threads.submit(() -> {
      start.await();
      return change.test(b, profile);
    });
    return List.of(one.get(), two.get());
  }
}
