package io.cdpkit.benchmarks.insights;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.Aggregation;
import io.cdpkit.segments.insights.Interval;
import io.cdpkit.segments.insights.InMemoryInsightQueries;
import io.cdpkit.segments.insights.Series;
import io.cdpkit.segments.insights.SeriesQuery;
import java.time.Duration;
import java.time.Instant;
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
 * A daily series (the sum of {@code amount} of purchases per day over the last 90 days) over
 * 2,000,000 events of 20,000 profiles in an in-memory Cdp, through {@link InMemoryInsightQueries},
 * against the lower bound of a loop over the same timestamps and amounts held in plain arrays,
 * measured in the same run.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar DailySeriesBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
public class DailySeriesBenchmark {
  private static final int EVENTS = 2_000_000;
  private static final int PROFILES = 20_000;
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final long DAY = Duration.ofDays(1).toMillis();

  private Cdp cdp;
  private Segments segments;
  private InMemoryInsightQueries queries;
  private SeriesQuery query;
  private long[] timestamps;
  private int[] amounts;
  private boolean[] purchases;

  @Setup(Level.Trial)
  public void setUp() {
    cdp = Cdp.builder().clock(TestClock.at(NOW)).build();
    List<Identify> profiles = new ArrayList<>();
    for (int i = 0; i < PROFILES; i++) {
      profiles.add(Identify.builder().profileId("p" + i).build());
    }
    cdp.identifyAll(profiles);
    timestamps = new long[EVENTS];
    amounts = new int[EVENTS];
    purchases = new boolean[EVENTS];
    List<Track> batch = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      timestamps[i] = NOW.toEpochMilli() - (i % 120) * DAY - i % 3_600_000;
      amounts[i] = i % 100;
      purchases[i] = i % 2 == 0;
      batch.add(Track.builder(purchases[i] ? "purchase" : "page_view").eventId("e" + i).profileId("p" + i % PROFILES)
          .timestamp(Instant.ofEpochMilli(timestamps[i])).property("amount", amounts[i]).build());
      if (batch.size() == 10_000) {
        cdp.trackAll(batch);
        batch.clear();
      }
    }
    segments = Segments.attach(cdp);
    queries = InMemoryInsightQueries.of(segments);
    query = SeriesQuery.builder("revenue", Interval.DAY).last(90, NOW).eventType("purchase")
        .aggregation(Aggregation.SUM, "amount").build();
  }

  @TearDown(Level.Trial)
  public void close() {
    segments.close();
    cdp.close();
  }

  @Benchmark
  public Series dailySeries() {
    return queries.series(query);
  }

  @Benchmark
  public long[] arrays() {
    long from = query.from().toEpochMilli();
    long to = query.to().toEpochMilli();
    long[] sums = new long[90];
    for (int i = 0; i < EVENTS; i++) {
      long at = timestamps[i];
      if (purchases[i] && at >= from && at < to) {
        sums[(int) ((at - from) / DAY)] += amounts[i];
      }
    }
    return sums;
  }
}
