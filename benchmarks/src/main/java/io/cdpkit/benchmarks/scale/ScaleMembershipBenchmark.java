package io.cdpkit.benchmarks.scale;

import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
 * Writing a large membership on the {@link ScaleDataset} file (a copy, so the cached file stays as
 * built): {@code saveSegment} saves {@value #EXPRESSION} (every profile with a page view, about
 * 85% of them), {@code addToGroup} adds the same profiles to a new static group ({@code
 * addMatchingToGroup}); the baseline {@code query} lists the matching ids with the store's SQL,
 * the query both writes start from. Each invocation starts with no segment and no group.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScaleMembershipBenchmark -f 1 -wi 1 -i 3}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class ScaleMembershipBenchmark {
  static final String EXPRESSION = "event \"page_view\"";

  private Path dir;
  private SqliteStorage storage;
  private CdpPlatform platform;
  private Segments segments;
  private SegmentQuery query;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("cdp-scale-membership");
    Path file = dir.resolve("cdp.db");
    Files.copy(ScaleDataset.file(), file);
    storage = SqliteStorage.open(file);
    platform = CdpPlatform.builder().storage(storage)
        .clock(Clock.fixed(ScaleDataset.NOW, ZoneOffset.UTC)).build();
    segments = platform.segments();
    query = new SegmentQuery(SegmentExpression.parse(EXPRESSION).expr(),
        EvaluationContext.builder(ScaleDataset.NOW).build(), name -> Optional.empty(),
        storage.groupStore());
    System.out.printf("%n%s: %,d members%n", EXPRESSION, query().size());
  }

  @Setup(Level.Invocation)
  public void createGroup() {
    segments.createGroup("benchmark");
  }

  @TearDown(Level.Invocation)
  public void clean() {
    segments.find("benchmark-segment").ifPresent(s -> segments.delete("benchmark-segment"));
    segments.deleteGroup("benchmark");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    platform.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }

  /** The baseline: the ids a save or a group add writes, as the store's one query lists them. */
  @Benchmark
  public List<String> query() {
    return storage.segmentQueries().matching(query).orElseThrow();
  }

  @Benchmark
  public long saveSegment() {
    segments.save("benchmark-segment", EXPRESSION);
    return 1;
  }

  @Benchmark
  public long addToGroup() {
    return segments.addMatchingToGroup("benchmark", EXPRESSION);
  }
}
