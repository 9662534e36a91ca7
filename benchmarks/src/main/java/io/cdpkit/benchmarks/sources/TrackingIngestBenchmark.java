package io.cdpkit.benchmarks.sources;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Track;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.tracking.TrackingMessages;
import io.cdpkit.core.tracking.TrackingResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Events per second taken in as tracking batches ({@code {"batch": [...]}} of 100 {@code track}
 * messages: JSON parsing, mapping, the duplicate check by {@code messageId}, {@code trackAll})
 * against the same 100 events given to {@code Cdp.trackAll} as built {@link Track}s, the baseline
 * ({@code mode=direct}), in the same run, on the in-memory store. The HTTP endpoint lives in the
 * cdp-app module, which benchmarks do not depend on; its cost over this is one local HTTP
 * round-trip per batch.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TrackingIngestBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Benchmark)
public class TrackingIngestBenchmark {
  private static final int BATCH = 100;
  private static final int USERS = 1_000;
  private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");

  /** {@code tracking}: JSON batches through TrackingMessages; {@code direct}: built Tracks. */
  @Param({"tracking", "direct"})
  public String mode;

  private Cdp cdp;
  private TrackingMessages tracking;
  private long next;

  @Setup(Level.Trial)
  public void open() {
    cdp = Cdp.inMemory();
    tracking = TrackingMessages.of(cdp);
    for (int i = 0; i < USERS; i++) {
      cdp.track(Track.builder("signup").identifier(Identifier.userId("user-" + i)).timestamp(T0).build());
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    cdp.close();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int ingest() {
    long first = next;
    next += BATCH;
    if (mode.equals("tracking")) {
      StringBuilder json = new StringBuilder(BATCH * 200).append("{\"batch\":[");
      for (long n = first; n < first + BATCH; n++) {
        if (n > first) {
          json.append(',');
        }
        json.append("{\"type\":\"track\",\"messageId\":\"m-").append(n)
            .append("\",\"userId\":\"user-").append(n % USERS)
            .append("\",\"event\":\"purchase\",\"timestamp\":\"").append(T0.plusSeconds(n))
            .append("\",\"properties\":{\"amount\":30,\"currency\":\"EUR\"},")
            .append("\"context\":{\"library\":{\"name\":\"analytics.js\"}}}");
      }
      json.append("]}");
      TrackingResult result = tracking.ingestBatch(json.toString().getBytes(StandardCharsets.UTF_8));
      return result.messages();
    }
    List<Track> tracks = new ArrayList<>(BATCH);
    for (long n = first; n < first + BATCH; n++) {
      tracks.add(Track.builder("purchase")
          .eventId("m-" + n)
          .identifier(Identifier.userId("user-" + (n % USERS)))
          .timestamp(T0.plusSeconds(n))
          .property("amount", 30)
          .property("currency", "EUR")
          .property("context", java.util.Map.of("library", java.util.Map.of("name", "analytics.js")))
          .build());
    }
    List<Event> events = cdp.trackAll(tracks);
    return events.size();
  }
}
