package io.cdpkit.benchmarks.scale;

import io.cdpkit.benchmarks.postgres.BenchmarkServer;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link ScaleMembershipBenchmark} on the {@link PostgresScaleDataset} database: {@code
 * saveSegment} saves {@value ScaleMembershipBenchmark#EXPRESSION}, {@code addToGroup} adds the
 * same profiles to a new static group, against {@code query}, the store's SQL listing the ids
 * both writes start from. The writes go to the data set's own database (a copy would double its
 * size on disk); each invocation starts with no segment and no group and deletes them after.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PostgresScaleMembershipBenchmark -f 1 -wi 1 -i 3}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class PostgresScaleMembershipBenchmark {
  private static final String SEGMENT = "benchmark-segment";
  private static final String GROUP = "benchmark";

  private BenchmarkServer server;
  private PostgresStorage storage;
  private CdpPlatform platform;
  private Segments segments;
  private SegmentQuery query;

  @Setup(Level.Trial)
  public void setUp() {
    server = PostgresScaleDataset.start();
    storage = PostgresStorage.open(server.url(PostgresScaleDataset.DATABASE),
        PostgresOptions.defaults().withPoolSize(2));
    platform = CdpPlatform.builder().storage(storage)
        .clock(Clock.fixed(ScaleDataset.NOW, ZoneOffset.UTC)).build();
    segments = platform.segments();
    clean();
    query = new SegmentQuery(SegmentExpression.parse(ScaleMembershipBenchmark.EXPRESSION).expr(),
        EvaluationContext.builder(ScaleDataset.NOW).build(), name -> Optional.empty(),
        storage.groupStore());
    System.out.printf("%n%s: %,d members%n", ScaleMembershipBenchmark.EXPRESSION, query().size());
  }

  @Setup(Level.Invocation)
  public void createGroup() {
    segments.createGroup(GROUP);
  }

  @TearDown(Level.Invocation)
  public void clean() {
    segments.find(SEGMENT).ifPresent(s -> segments.delete(SEGMENT));
    if (segments.groups().stream().anyMatch(group -> group.name().equals(GROUP))) {
      segments.deleteGroup(GROUP);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    platform.close();
    server.close();
  }

  /** The baseline: the ids a save or a group add writes, as the store's one query lists them. */
  @Benchmark
  public List<String> query() {
    return storage.segmentQueries().matching(query).orElseThrow();
  }

  @Benchmark
  public long saveSegment() {
    segments.save(SEGMENT, ScaleMembershipBenchmark.EXPRESSION);
    return 1;
  }

  @Benchmark
  public long addToGroup() {
    return segments.addMatchingToGroup(GROUP, ScaleMembershipBenchmark.EXPRESSION);
  }
}
