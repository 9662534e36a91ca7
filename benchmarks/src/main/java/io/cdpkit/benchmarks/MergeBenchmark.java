package io.cdpkit.benchmarks;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.Profile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What does an automatic merge cost when the absorbed profile holds 10, 1,000 or 10,000 events?
 * Each invocation merges a fresh anonymous profile (its events on one device id) into a known
 * customer by one identify call. The baseline is the same identify call on a profile that needs
 * no merge, measured in the same run.
 *
 * <p>Single-shot: each measured call gets a freshly built store, so the merge always has work.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MergeBenchmark -f 1}
 */
@BenchmarkMode(Mode.SingleShotTime)
@Warmup(iterations = 10)
@Measurement(iterations = 30)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class MergeBenchmark {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Param({"10", "1000", "10000"})
  public int events;

  private Cdp cdp;
  private Identify mergingCall;
  private Identify plainCall;

  @Setup(Level.Iteration)
  public void prepare() {
    cdp = Cdp.inMemory();
    cdp.identify(Identify.builder().email("known@example.com").timestamp(T0).set("name", "Ann").build());
    Identifier device = Identifier.deviceId("device-1");
    List<Track> batch = new ArrayList<>(events);
    for (int i = 0; i < events; i++) {
      batch.add(Track.builder("page_view").identifier(device).timestamp(T0.plusSeconds(i + 1)).build());
    }
    cdp.trackAll(batch);
    mergingCall = Identify.builder().email("known@example.com").identifier(device).build();
    plainCall = Identify.builder().identifier(device).set("seen", true).build();
  }

  @TearDown(Level.Iteration)
  public void close() {
    cdp.close();
  }

  @Benchmark
  public Profile mergeAnonymousIntoKnown() {
    return cdp.identify(mergingCall);
  }

  @Benchmark
  public Profile baselineIdentifyWithoutMerge() {
    return cdp.identify(plainCall);
  }
}
