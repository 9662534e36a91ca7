package io.cdpkit.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.predictions.spi.FitStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes sharing one fit file, due to refit at the same moment, refit once between them:
 * the claim in the store, not the stored fit time (which both read as stale), decides. The other
 * process is a child JVM running {@link #main}; both start their nightly run on one signal.
 */
final class TwoProcessRefitTest {
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");
  private static final PredictionOptions SMALL =
      PredictionOptions.builder().minCustomers(100).minRepeatCustomers(20).build();

  @TempDir Path directory;

  /** The same shop in each process, so that either one's fit is the same fit. */
  private static Predictions predictions(Cdp cdp, Path fitFile) {
    new Shop(cdp, 26).customers("c", 150, NOW, 300);
    return Predictions.builder(cdp).options(SMALL).store(FitStore.jsonFile(fitFile)).build();
  }

  /** The child: prepares, says {@code ready}, waits for {@code go}, runs due work, says whether it fitted. */
  public static void main(String[] args) throws Exception {
    try (Cdp cdp = Cdp.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC).build();
        Predictions predictions = predictions(cdp, Path.of(args[0]))) {
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      System.out.println("ready");
      System.out.flush();
      if ("go".equals(in.readLine())) {
        System.out.println(predictions.runDue(NOW).isPresent() ? "fitted" : "skipped");
        System.out.flush();
      }
    }
  }

  private static String log(Path file) throws java.io.IOException {
    return java.nio.file.Files.readString(file);
  }

  @Test
  void twoProcessesDueAtOnce_refitOnceBetweenThem() throws Exception {
    Path fitFile = directory.resolve("cdp.db.predictions.json");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        TwoProcessRefitTest.class.getName(), fitFile.toString())
        .redirectError(directory.resolve("child.log").toFile()).start();
    try (Cdp cdp = Cdp.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC).build();
        Predictions predictions = predictions(cdp, fitFile);
        BufferedReader fromChild = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Writer toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
      assertThat(fromChild.readLine()).isEqualTo("ready");
      toChild.write("go\n");
      toChild.flush();
      boolean fittedHere = predictions.runDue(NOW).isPresent();
      String there = fromChild.readLine();

      assertThat(there).as("the child's answer; its log: %s", log(directory.resolve("child.log"))).isIn("fitted", "skipped");
      assertThat(fittedHere ^ there.equals("fitted")).as("exactly one process refits (here: %s, child: %s)", fittedHere, there).isTrue();
      assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
      // A day later the one stored fit is stale for both: one of them claims the next refit.
      Instant tomorrow = NOW.plus(Duration.ofDays(1));
      assertThat(FitStore.jsonFile(fitFile).claimRefit(tomorrow, Duration.ofDays(1), Duration.ofHours(1))).isTrue();
      assertThat(FitStore.jsonFile(fitFile).claimRefit(tomorrow, Duration.ofDays(1), Duration.ofHours(1))).isFalse();
    } finally {
      child.destroy();
    }
  }
}
