package io.cdpkit.benchmarks.insights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.exchange.DataFormat;
import io.cdpkit.core.exchange.EventImporter;
import io.cdpkit.core.exchange.ImportOptions;
import io.cdpkit.core.exchange.ImportReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
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
 * Import of 200,000 events from JSON Lines held in memory into an in-memory Cdp whose 10,000
 * profiles exist (validation, batches of 1,000, storing), against parsing the same lines with
 * Jackson alone, measured in the same run. One operation is the whole file; events/s is 200,000
 * divided by the time.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar EventImportBenchmark -f 1 -wi 2 -i 3}
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 3)
public class EventImportBenchmark {
  static final int EVENTS = 200_000;
  private static final int PROFILES = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private String lines;
  private Cdp cdp;

  @Setup(Level.Trial)
  public void lines() {
    StringBuilder text = new StringBuilder(EVENTS * 160);
    for (int i = 0; i < EVENTS; i++) {
      text.append("{\"id\": \"e-").append(i).append("\", \"profile_id\": \"p-").append(i % PROFILES)
          .append("\", \"type\": \"").append(i % 4 == 0 ? "purchase" : "page_view")
          .append("\", \"timestamp\": \"2026-05-").append(String.format("%02d", 1 + i % 28))
          .append("T10:00:00Z\", \"properties\": {\"amount\": ").append(i % 100)
          .append(", \"currency\": \"EUR\"}}\n");
    }
    lines = text.toString();
  }

  @Setup(Level.Invocation)
  public void cdp() {
    cdp = Cdp.inMemory();
    List<Identify> batch = new ArrayList<>();
    for (int i = 0; i < PROFILES; i++) {
      batch.add(Identify.builder().profileId("p-" + i).build());
    }
    cdp.identifyAll(batch);
  }

  @TearDown(Level.Invocation)
  public void close() {
    cdp.close();
  }

  @Benchmark
  public ImportReport importEvents() {
    return EventImporter.of(cdp).importFrom(new StringReader(lines), ImportOptions.of(DataFormat.JSON_LINES));
  }

  @Benchmark
  public long parseOnly() {
    long fields = 0;
    try (BufferedReader reader = new BufferedReader(new StringReader(lines))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        JsonNode node = JSON.readTree(line);
        fields += node.size();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return fields;
  }
}
