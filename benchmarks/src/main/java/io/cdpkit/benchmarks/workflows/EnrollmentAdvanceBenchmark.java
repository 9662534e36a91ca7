package io.cdpkit.benchmarks.workflows;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Enrollments advanced per second with 100,000 active enrollments in the in-memory store: each
 * invocation moves the clock one minute and calls {@code runDue}, which advances every enrollment
 * from one one-minute wait to the next (wake, step, wait: two transitions and a store update
 * each). The {@code baseline} is the same number of no-op state updates on a plain {@code
 * HashMap}, measured in the same run.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EnrollmentAdvanceBenchmark -f 1 -wi 2
 * -i 3}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class EnrollmentAdvanceBenchmark {
  private static final int ENROLLMENTS = 100_000;
  private static final int WAIT_STEPS = 400;

  /** {@code engine}: WorkflowEngine.runDue; {@code baseline}: plain map updates. */
  @Param({"engine", "baseline"})
  public String mode;

  private TestClock clock;
  private Cdp cdp;
  private Segments segments;
  private WorkflowEngine engine;
  private Map<String, Enrollment> plain;
  private Instant now;

  /** Fills a fresh store with 100,000 waiting enrollments (also for the baseline map). */
  @Setup(Level.Iteration)
  public void setUp() {
    clock = TestClock.at(Instant.parse("2024-05-01T10:00:00Z"));
    now = clock.instant();
    cdp = Cdp.builder().clock(clock).build();
    segments = Segments.attach(cdp);
    InMemoryEnrollmentStore store = new InMemoryEnrollmentStore();
    engine = WorkflowEngine.builder(cdp, segments).store(store).build();
    Workflow.Builder workflow = Workflow.builder("drip");
    for (int i = 0; i < WAIT_STEPS; i++) {
      workflow.step(Step.waitFor("w" + i, Duration.ofMinutes(1)));
    }
    engine.save(workflow.build());
    plain = new HashMap<>();
    for (int i = 0; i < ENROLLMENTS; i++) {
      Enrollment e =
          Enrollment.start("e" + i, "drip", 1, "p" + i, "w0", null, now)
              .withState(EnrollmentState.WAITING, now.plus(Duration.ofMinutes(1)));
      store.insert(e);
      plain.put(e.id(), e);
    }
  }

  @TearDown(Level.Iteration)
  public void tearDown() {
    engine.close();
    segments.close();
    cdp.close();
  }

  /** One minute passes: every enrollment moves to its next wait. */
  @Benchmark
  @OperationsPerInvocation(ENROLLMENTS)
  public int advanceAll() {
    now = now.plus(Duration.ofMinutes(1));
    if (mode.equals("engine")) {
      return engine.runDue(now).advanced();
    }
    Instant due = now.plus(Duration.ofMinutes(1));
    for (Map.Entry<String, Enrollment> entry : plain.entrySet()) {
      entry.setValue(entry.getValue().withState(EnrollmentState.WAITING, due));
    }
    return plain.size();
  }
}
