package io.cdpkit.segments.insights;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.spi.EventStore;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.storage.memory.InMemoryStorage;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.insights.ComputedAttribute.Kind;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Values are read from the store when asked for, held until a change, and never stale or counted twice. */
final class LiveComputedAttributesFreshnessTest {
  private static final Instant NOW = Instant.parse("2026-06-10T12:00:00Z");
  private static final List<ComputedAttribute> DEFINITIONS = List.of(
      ComputedAttribute.count("order_count", "purchase"),
      ComputedAttribute.sum("lifetime_value", "purchase", "amount"),
      ComputedAttribute.avg("average_order", "purchase", "amount"),
      ComputedAttribute.min("smallest_order", "purchase", "amount"),
      ComputedAttribute.max("largest_order", "purchase", "amount"),
      ComputedAttribute.lastSeen("last_seen"),
      ComputedAttribute.rfm("r", Kind.RECENCY, "purchase", null),
      ComputedAttribute.rfm("f", Kind.FREQUENCY, "purchase", null),
      ComputedAttribute.rfm("m", Kind.MONETARY, "purchase", "amount"));
  private static final List<String> IDS = List.of("p1", "p2", "p3", "p4", "p5", "p6");

  private InMemoryStorage shared;
  private CountingStorage counting;
  private Cdp cdp;
  private TestClock clock;

  @BeforeEach
  void open() {
    shared = InMemoryStorage.create();
    counting = new CountingStorage(shared);
    clock = TestClock.at(NOW);
    cdp = Cdp.builder().storage(counting).clock(clock).build();
    for (int i = 0; i < IDS.size(); i++) {
      cdp.identify(Identify.builder().profileId(IDS.get(i))
          .timestamp(Instant.parse("2026-04-0" + (i + 1) + "T00:00:00Z")).build());
    }
    purchase(cdp, "p1", 10);
    purchase(cdp, "p1", 20);
    purchase(cdp, "p2", 100);
  }

  @AfterEach
  void close() {
    cdp.close();
    shared.close();
  }

  private void purchase(Cdp into, String profile, int amount) {
    clock.advance(Duration.ofMinutes(1));
    into.track(Track.builder("purchase").profileId(profile).property("amount", amount).build());
  }

  @Test
  @DisplayName("attaching reads no events; a value read holds the profile's until it changes")
  void lazy() {
    try (LiveComputedAttributes computed = LiveComputedAttributes.attach(cdp, DEFINITIONS)) {
      assertThat(counting.profileReads).hasValue(0);

      assertThat(computed.value(cdp.getProfile("p1"), "order_count")).hasValue(BigDecimal.valueOf(2));
      assertThat(counting.profileReads).hasValue(1);
      assertThat(computed.value(cdp.getProfile("p1"), "lifetime_value")).hasValue(BigDecimal.valueOf(30));
      assertThat(counting.profileReads).as("held, not read again").hasValue(1);

      purchase(cdp, "p1", 5);

      assertThat(computed.value(cdp.getProfile("p1"), "order_count")).hasValue(BigDecimal.valueOf(3));
      assertThat(computed.value(cdp.getProfile("p1"), "smallest_order")).hasValue(BigDecimal.valueOf(5));
      assertThat(counting.profileReads).as("the changed profile alone read again").hasValue(2);
    }
  }

  @Test
  @DisplayName("a read that raced an event returns what it read but does not hold it")
  void racedRead() {
    try (LiveComputedAttributes computed = LiveComputedAttributes.attach(cdp, DEFINITIONS)) {
      Profile p1 = cdp.getProfile("p1");
      counting.afterNextRead = () -> purchase(cdp, "p1", 7);

      assertThat(computed.value(p1, "order_count")).hasValue(BigDecimal.valueOf(2));
      assertThat(counting.afterNextRead).as("the event came after the read").isNull();

      assertThat(computed.value(cdp.getProfile("p1"), "order_count")).hasValue(BigDecimal.valueOf(3));
      assertThat(computed.value(cdp.getProfile("p1"), "lifetime_value")).hasValue(BigDecimal.valueOf(37));
    }
  }

  @Test
  @DisplayName("after another process's write, rebuild gives the fresh value")
  void otherProcess() {
    try (LiveComputedAttributes computed = LiveComputedAttributes.attach(cdp, DEFINITIONS);
        Cdp other = Cdp.builder().storage(new CountingStorage(shared)).clock(clock).build()) {
      // buyers p1 30, p2 100: p2 scores 1 + 5 * 1 / 2
      assertThat(computed.valuesOf("p2")).containsEntry("order_count", BigDecimal.ONE).containsEntry("m", BigDecimal.valueOf(3));

      purchase(other, "p2", 1);
      purchase(other, "p3", 500);
      computed.rebuild();

      assertThat(computed.valuesOf("p2"))
          .containsEntry("order_count", BigDecimal.valueOf(2))
          .containsEntry("lifetime_value", BigDecimal.valueOf(101))
          .containsEntry("m", BigDecimal.valueOf(2)); // buyers p1 30, p2 101, p3 500: 1 + 5 * 1 / 3
      assertThat(computed.valuesOf("p3")).containsEntry("m", BigDecimal.valueOf(4));
    }
  }

  @Test
  @DisplayName("values equal a fresh attach's across interleaved events, merges and unmerges")
  void interleaved() {
    Random random = new Random(20);
    Deque<String> absorbed = new ArrayDeque<>();
    try (LiveComputedAttributes computed = LiveComputedAttributes.attach(cdp, DEFINITIONS)) {
      for (int step = 0; step < 60; step++) {
        int op = random.nextInt(10);
        String id = IDS.get(random.nextInt(IDS.size()));
        if (op < 6) {
          purchase(cdp, id, 1 + random.nextInt(50));
        } else if (op < 7) {
          clock.advance(Duration.ofMinutes(1));
          cdp.track(Track.builder("page_view").profileId(id).build());
        } else if (op < 9) {
          List<String> live = IDS.stream().filter(p -> !absorbed.contains(p)).toList();
          if (live.size() > 1) {
            String a = live.get(random.nextInt(live.size()));
            String b = live.stream().filter(p -> !p.equals(a)).toList().get(random.nextInt(live.size() - 1));
            String survivor = cdp.merge(List.of(a, b), "test").id();
            absorbed.push(survivor.equals(a) ? b : a);
          }
        } else if (!absorbed.isEmpty()) {
          cdp.unmerge(absorbed.pop(), "test");
        }
        if (random.nextBoolean()) {
          assertThat(valuesOfAll(computed)).as("step " + step).isEqualTo(fresh());
        }
      }
      assertThat(valuesOfAll(computed)).isEqualTo(fresh());
    }
  }

  private Map<String, SortedMap<String, BigDecimal>> fresh() {
    try (LiveComputedAttributes fresh = LiveComputedAttributes.attach(cdp, DEFINITIONS)) {
      return valuesOfAll(fresh);
    }
  }

  private static Map<String, SortedMap<String, BigDecimal>> valuesOfAll(LiveComputedAttributes computed) {
    Map<String, SortedMap<String, BigDecimal>> all = new TreeMap<>();
    IDS.forEach(id -> all.put(id, computed.valuesOf(id)));
    return all;
  }

  /**
   * The store, counting the reads of one profile's events, and running a write between a read and
   * its caller's next step when asked; closing it leaves the store open.
   */
  private static final class CountingStorage implements Storage {
    private final Storage store;
    final AtomicInteger profileReads = new AtomicInteger();
    volatile @Nullable Runnable afterNextRead;

    CountingStorage(Storage store) {
      this.store = store;
    }

    @Override
    public <T> T write(Function<? super StorageSession, T> work) {
      return store.write(work);
    }

    @Override
    public <T> T read(Function<? super StorageSession, T> work) {
      T result = store.read(session -> work.apply(counted(session)));
      Runnable after = afterNextRead;
      afterNextRead = null;
      if (after != null) {
        after.run();
      }
      return result;
    }

    @Override
    public void close() {}

    private StorageSession counted(StorageSession session) {
      return forwarding(StorageSession.class, session, (method, args) ->
          method.equals("events") ? counted(session.events()) : null);
    }

    private EventStore counted(EventStore events) {
      return forwarding(EventStore.class, events, (method, args) -> {
        if (method.equals("ofProfile")) {
          profileReads.incrementAndGet();
        }
        return null;
      });
    }

    /** A proxy calling the target, unless {@code instead} answers the call (non-null). */
    private static <T> T forwarding(Class<T> type, T target, java.util.function.BiFunction<String, Object[], Object> instead) {
      return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
        Object answer = instead.apply(method.getName(), args);
        if (answer != null) {
          return answer;
        }
        try {
          return method.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }));
    }
  }
}
