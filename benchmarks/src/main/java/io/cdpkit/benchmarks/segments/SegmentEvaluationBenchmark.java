package io.cdpkit.benchmarks.segments;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.ListValue;
import io.cdpkit.core.profile.NumberValue;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.segments.CompiledSegment;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.SegmentExpression;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast does the compiled evaluator decide membership over many in-memory profiles, compared
 * with a hand-written Java loop that tests the same conditions on the same objects? Each
 * invocation scans every profile once (score: ms per scan; profiles/s = profiles / score).
 * "2 threads" splits the scan over a parallel stream of two halves.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar SegmentEvaluationBenchmark -f 1}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SegmentEvaluationBenchmark {
  /** The spec's example. */
  static final String EXAMPLE =
      "age < 30 and $identifier.email is not empty or event \"ticket_bought\" at least 1 where festival = \"The Festival 2018\"";
  /** Five conditions of different kinds. */
  static final String FIVE =
      "age >= 18 and city in [\"Utrecht\", \"Delft\"] and tags contains \"vip\""
          + " and event \"purchase\" at least 2 in the last 30 days and event \"purchase\" sum of amount > 50";

  private static final BigDecimal THIRTY = BigDecimal.valueOf(30);
  private static final BigDecimal EIGHTEEN = BigDecimal.valueOf(18);
  private static final BigDecimal FIFTY = BigDecimal.valueOf(50);

  @Param({"100000", "1000000"})
  public int profiles;

  @Param({"example", "five"})
  public String segment;

  private SegmentData data;
  private CompiledSegment compiled;
  private EvaluationContext context;

  @Setup(Level.Trial)
  public void setUp() {
    data = new SegmentData(profiles);
    compiled = SegmentExpression.parse(segment.equals("example") ? EXAMPLE : FIVE).compile();
    context = EvaluationContext.at(SegmentData.NOW);
  }

  @Benchmark
  public long evaluator1Thread() {
    return range(0, profiles, this::evaluate);
  }

  @Benchmark
  public long evaluator2Threads() {
    return parallel(this::evaluate);
  }

  @Benchmark
  public long handLoop1Thread() {
    return range(0, profiles, this::byHand);
  }

  @Benchmark
  public long handLoop2Threads() {
    return parallel(this::byHand);
  }

  private boolean evaluate(int i) {
    return compiled.evaluate(data.profiles[i], data.events.get(i), context);
  }

  private boolean byHand(int i) {
    return segment.equals("example")
        ? exampleByHand(data.profiles[i], data.events.get(i))
        : fiveByHand(data.profiles[i], data.events.get(i));
  }

  private interface Test {
    boolean test(int i);
  }

  private static long range(int from, int to, Test test) {
    long count = 0;
    for (int i = from; i < to; i++) {
      if (test.test(i)) {
        count++;
      }
    }
    return count;
  }

  private long parallel(Test test) {
    int half = profiles / 2;
    return IntStream.of(0, 1).parallel()
        .mapToLong(part -> part == 0 ? range(0, half, test) : range(half, profiles, test))
        .sum();
  }

  static boolean exampleByHand(Profile profile, List<Event> events) {
    AttributeValue age = profile.attributes().fields().get("age");
    boolean young = age instanceof NumberValue number && number.value().compareTo(THIRTY) < 0;
    if (young) {
      for (ProfileIdentifier identifier : profile.identifiers()) {
        if (identifier.type().equals("email")) {
          return true;
        }
      }
    }
    for (Event event : events) {
      if (event.type().equals("ticket_bought")
          && event.properties().fields().get("festival") instanceof TextValue festival
          && festival.value().equals("The Festival 2018")) {
        return true;
      }
    }
    return false;
  }

  static boolean fiveByHand(Profile profile, List<Event> events) {
    AttributeValue age = profile.attributes().fields().get("age");
    if (!(age instanceof NumberValue number) || number.value().compareTo(EIGHTEEN) < 0) {
      return false;
    }
    AttributeValue city = profile.attributes().fields().get("city");
    if (!(city instanceof TextValue text) || !(text.value().equals("Utrecht") || text.value().equals("Delft"))) {
      return false;
    }
    AttributeValue tags = profile.attributes().fields().get("tags");
    boolean vip = false;
    if (tags instanceof ListValue list) {
      for (AttributeValue tag : list.items()) {
        if (tag instanceof TextValue t && t.value().equalsIgnoreCase("vip")) {
          vip = true;
        }
      }
    }
    if (!vip) {
      return false;
    }
    Instant from = SegmentData.NOW.minus(Duration.ofDays(30));
    int recent = 0;
    BigDecimal sum = BigDecimal.ZERO;
    for (Event event : events) {
      if (!event.type().equals("purchase")) {
        continue;
      }
      if (event.timestamp().isAfter(from) && !event.timestamp().isAfter(SegmentData.NOW)) {
        recent++;
      }
      if (event.properties().fields().get("amount") instanceof NumberValue amount) {
        sum = sum.add(amount.value());
      }
    }
    return recent >= 2 && sum.compareTo(FIFTY) > 0;
  }
}
