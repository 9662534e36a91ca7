package io.cdpkit.benchmarks;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ObjectValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * How many events per second does the in-memory store take through {@code Cdp.track}, on one
 * thread and on two? The baseline puts an equivalent, already built {@link Event} into a {@link
 * ConcurrentHashMap}: the floor cost of keeping an event on the heap.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TrackBenchmark -f 1 -wi 3 -i 5}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TrackBenchmark {
  private static final int PROFILES = 10_000;
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
  private static final ObjectValue PROPERTIES = ObjectValue.of(Map.of("amount", 30, "currency", "EUR"));

  /** One Cdp per trial, warmed with a profile per email so track finds, not creates. */
  @State(Scope.Benchmark)
  public static class Store {
    Cdp cdp;
    Identifier[] emails;
    final ConcurrentHashMap<String, Event> baseline = new ConcurrentHashMap<>();
    final AtomicInteger threadIds = new AtomicInteger();

    @Setup(Level.Trial)
    public void open() {
      cdp = Cdp.inMemory();
      emails = new Identifier[PROFILES];
      for (int i = 0; i < PROFILES; i++) {
        emails[i] = Identifier.email("user" + i + "@example.com");
        cdp.track(Track.builder("signup").identifier(emails[i]).timestamp(T0).build());
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      cdp.close();
    }
  }

  /** Per-thread sequence, so event ids never collide between threads. */
  @State(Scope.Thread)
  public static class Sequence {
    String prefix;
    long next;

    @Setup(Level.Trial)
    public void init(Store store) {
      prefix = "t" + store.threadIds.incrementAndGet() + "-";
    }
  }

  private static Track nextTrack(Store store, Sequence sequence) {
    long n = sequence.next++;
    return Track.builder("purchase")
        .eventId(sequence.prefix + n)
        .identifier(store.emails[(int) (n % PROFILES)])
        .timestamp(T0.plusSeconds(n))
        .properties(PROPERTIES)
        .build();
  }

  @Benchmark
  @Threads(1)
  public Event track1Thread(Store store, Sequence sequence) {
    return store.cdp.track(nextTrack(store, sequence));
  }

  @Benchmark
  @Threads(2)
  public Event track2Threads(Store store, Sequence sequence) {
    return store.cdp.track(nextTrack(store, sequence));
  }

  @Benchmark
  @Threads(1)
  public Event baselineMapPut1Thread(Store store, Sequence sequence) {
    return baselinePut(store, sequence);
  }

  @Benchmark
  @Threads(2)
  public Event baselineMapPut2Threads(Store store, Sequence sequence) {
    return baselinePut(store, sequence);
  }

  private static Event baselinePut(Store store, Sequence sequence) {
    long n = sequence.next++;
    Event event =
        new Event(sequence.prefix + n, "p" + (n % PROFILES), "purchase", T0.plusSeconds(n), T0,
            "api", PROPERTIES, List.of(store.emails[(int) (n % PROFILES)]));
    store.baseline.put(event.id(), event);
    return event;
  }
}
