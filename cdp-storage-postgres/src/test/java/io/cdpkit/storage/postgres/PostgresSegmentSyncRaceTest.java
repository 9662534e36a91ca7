package io.cdpkit.storage.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.activation.IdentifierField;
import io.cdpkit.segments.activation.SegmentDestination;
import io.cdpkit.segments.activation.SegmentSync;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances, each a Cdp, segments and a segment sync on its own {@code PostgresStorage} over
 * one database, syncing one segment to one destination while people enter and leave it on both,
 * and running their syncs at the same moment, first batch included: the destination ends up
 * holding exactly the segment's members, so no change was dropped by two instances forming one
 * batch at once.
 */
final class PostgresSegmentSyncRaceTest {
  private static final String SEGMENT = "young";
  private static final int PEOPLE = 12;
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  private final List<AutoCloseable> open = new ArrayList<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  /** The destination's side, shared by both instances: who it holds, by profile id. */
  private final Map<String, SyncMember> held = new HashMap<>();

  private final SegmentDestination remote = new SegmentDestination() {
    @Override
    public String name() {
      return "crm";
    }

    @Override
    public List<IdentifierField> fields() {
      return List.of(IdentifierField.plain("email"));
    }

    @Override
    public DeliveryOutcome deliver(SyncBatch batch) {
      synchronized (held) {
        batch.removed().forEach(member -> held.remove(member.profileId()));
        batch.added().forEach(member -> held.put(member.profileId(), member));
      }
      return DeliveryOutcome.delivered();
    }
  };

  private record Instance(Cdp cdp, SegmentSync sync) {}

  @AfterEach
  void close() throws Exception {
    threads.shutdownNow();
    threads.awaitTermination(10, TimeUnit.SECONDS);
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Instance instance(String url, boolean first) {
    PostgresStorage storage = PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(3));
    Cdp cdp = Cdp.builder().storage(storage).clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    open.add(cdp);
    Segments segments = Segments.builder(cdp).store(storage.segmentStore())
        .groups(storage.groupStore()).build();
    open.add(segments);
    if (first) {
      segments.save(SEGMENT, "age < 30 and $identifier.email is not empty", null);
    }
    SegmentSync sync = SegmentSync.builder(cdp, segments).store(storage.syncStateStore())
        .sync(SEGMENT, remote).batchSize(4).build();
    open.add(sync);
    return new Instance(cdp, sync);
  }

  @Test
  void twoInstancesSyncingAtOnce_dropNoChange() throws Exception {
    String url = TestPostgres.freshDatabaseUrl();
    List<Instance> instances = List.of(instance(url, true), instance(url, false));
    Map<Integer, Integer> ages = new HashMap<>();
    for (int round = 0; round < 4; round++) {
      for (int person = 0; person < PEOPLE; person++) {
        int age = (person + round) % 3 == 0 ? 40 : 20;
        ages.put(person, age);
        instances.get((person + round) % 2).cdp().identify(
            Identify.builder().email("p" + person + "@example.com").set("age", age).build());
      }
      runTogether(instances);
    }
    for (Instance instance : List.of(instances.get(0), instances.get(1), instances.get(0))) {
      drain(instance);
    }

    TreeSet<String> expected = new TreeSet<>();
    ages.forEach((person, age) -> {
      if (age < 30) {
        expected.add("p" + person + "@example.com");
      }
    });
    TreeSet<String> sent = new TreeSet<>();
    held.values().forEach(member -> sent.add(member.identifiers().get("email")));
    assertThat(sent).isEqualTo(expected);
  }

  /** Runs the instance's sync until it sends nothing (or the other instance holds the pair). */
  private static void drain(Instance instance) {
    while (instance.sync().runDue(NOW).batches() > 0) {
      // again, for what came in meanwhile
    }
  }

  /** Both syncs run due work at once, each until it finds none. */
  private void runTogether(List<Instance> instances) throws Exception {
    CyclicBarrier start = new CyclicBarrier(instances.size());
    List<Future<?>> runs = new ArrayList<>();
    for (Instance instance : instances) {
      runs.add(threads.submit(() -> {
        start.await(10, TimeUnit.SECONDS);
        drain(instance);
        return null;
      }));
    }
    for (Future<?> run : runs) {
      run.get(60, TimeUnit.SECONDS);
    }
  }
}
