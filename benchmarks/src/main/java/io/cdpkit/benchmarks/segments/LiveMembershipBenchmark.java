package io.cdpkit.benchmarks.segments;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Live membership on an in-memory Cdp with 100,000 profiles and two saved segments: the cost of
 * a track call that re-evaluates one profile (vs the same track call with no segments attached,
 * measured in the same run), and of reading a saved segment's count.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LiveMembershipBenchmark -f 1}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class LiveMembershipBenchmark {
  private static final int PROFILES = 100_000;

  private Cdp withSegments;
  private Segments segments;
  private Cdp withoutSegments;
  private long next;

  @Setup(Level.Trial)
  public void setUp() {
    withSegments = populated();
    segments = Segments.attach(withSegments);
    segments.save("example", SegmentEvaluationBenchmark.EXAMPLE);
    segments.save("recent-buyers", "event \"purchase\" at least 2 in the last 30 days");
    withoutSegments = populated();
  }

  private static Cdp populated() {
    Cdp cdp = Cdp.builder().clock(TestClock.at(SegmentData.NOW)).build();
    List<Identify> batch = new ArrayList<>();
    for (int i = 0; i < PROFILES; i++) {
      batch.add(Identify.builder().profileId("p" + i).email("p" + i + "@example.com").set("age", 16 + i % 50).build());
      if (batch.size() == 10_000) {
        cdp.identifyAll(batch);
        batch.clear();
      }
    }
    return cdp;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    segments.close();
    withSegments.close();
    withoutSegments.close();
  }

  @Benchmark
  public Event trackWithLiveMembership() {
    return withSegments.track(nextPurchase());
  }

  @Benchmark
  public Event baselineTrackWithoutSegments() {
    return withoutSegments.track(nextPurchase());
  }

  @Benchmark
  public long countSavedSegment() {
    return segments.count("example");
  }

  private Track nextPurchase() {
    long n = next++;
    return Track.builder("purchase").profileId("p" + (n % PROFILES)).eventId("e" + n)
        .timestamp(SegmentData.NOW.minusSeconds(n % 86_400)).property("amount", 20).build();
  }
}
