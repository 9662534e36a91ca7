package io.cdpkit.workflows.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM between a send's intent and its outcome, restarts it over the same store, and
 * shows the receiving server sees each idempotency key once: the cut-off call is resent with the
 * same key, and nothing is sent twice under different keys. Kills another child after a trigger
 * fired but before runDue, and shows the stored signal enrolls the profile once after a restart,
 * and not again after a second one.
 */
final class CrashRestartTest {
  @TempDir Path dir;

  @Test
  void killedBetweenIntentAndOutcome_restartResendsWithTheSameKey() throws Exception {
    Map<String, Integer> deliveriesByKey = new ConcurrentHashMap<>();
    List<String> firstSeen = new CopyOnWriteArrayList<>();
    CountDownLatch called = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean blockNext = new AtomicBoolean(true);
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        in.readAllBytes();
        String key = exchange.getRequestHeaders().getFirst(HttpRequestSpec.IDEMPOTENCY_KEY_HEADER);
        if (deliveriesByKey.merge(key, 1, Integer::sum) == 1) {
          firstSeen.add(key);
        }
        if (blockNext.getAndSet(false)) {
          called.countDown();
          never.await(30, TimeUnit.SECONDS);
          return;
        }
        byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, ok.length);
        exchange.getResponseBody().write(ok);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Path store = dir.resolve("enrollments.jsonl");
    try {
      Process first = child(store, base, "start");
      assertThat(called.await(30, TimeUnit.SECONDS)).as("first call reached the server").isTrue();
      first.destroyForcibly();
      first.waitFor(30, TimeUnit.SECONDS);
      assertThat(Files.readString(store)).contains("\"INTENDED\"");

      Process second = child(store, base, "resume");
      String output = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(output).contains("STATE COMPLETED");
    } finally {
      never.countDown();
      server.stop(0);
    }
    assertThat(firstSeen).containsExactly("enr-1:call-1:1", "enr-1:call-2:1");
    assertThat(deliveriesByKey).containsEntry("enr-1:call-1:1", 2).containsEntry("enr-1:call-2:1", 1);
  }

  @Test
  void killedAfterATriggerBeforeRunDue_restartEnrollsTheProfileExactlyOnce() throws Exception {
    Path store = dir.resolve("signals.jsonl");
    Process first = java(TriggerCrashChild.class, store.toString(), "trigger");
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = lines.readLine()) != null && !line.equals("TRIGGERED")) {
      // the child's log lines before the trigger
    }
    assertThat(line).as("the child tracked the triggering event").isEqualTo("TRIGGERED");
    first.destroyForcibly();
    first.waitFor(30, TimeUnit.SECONDS);
    assertThat(Files.readString(store)).contains("\"appendSignal\"").doesNotContain("\"insert\"");

    for (int restart = 1; restart <= 2; restart++) {
      Process next = java(TriggerCrashChild.class, store.toString(), "resume");
      String output = new String(next.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(next.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(output.lines().filter(l -> l.startsWith("ENROLLMENT ")))
          .as("enrollments after restart %d", restart)
          .containsExactly("ENROLLMENT enr-1 ev-1 COMPLETED");
    }
  }

  private static Process child(Path store, String base, String phase) throws IOException {
    return java(CrashChild.class, store.toString(), base, phase);
  }

  private static Process java(Class<?> main, String... args) throws IOException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(
        List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }
}
