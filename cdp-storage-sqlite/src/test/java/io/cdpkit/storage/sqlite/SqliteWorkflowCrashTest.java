package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.sun.net.httpserver.HttpServer;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.IdempotencyKey;
import io.cdpkit.workflows.spi.SendRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workflows on SQLite survive a SIGKILL: a child JVM with a Cdp and a workflow engine on one file
 * is killed while a local HTTP server holds a call (after the engine stored the send's intent,
 * before it could store the outcome), and two restarts over the same file show what the engine
 * promises. The cut-off call is sent again with the same Idempotency-Key and no send ever gets a
 * second key; a 30-minute wait that fell due while the process was down fires on the first
 * restart, once, and not again on the second.
 */
final class SqliteWorkflowCrashTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String CUT_OFF = "enr-2:call-1:1";

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;

  @Test
  void killedBetweenIntentAndOutcome_resendsTheSameKeyAndFiresTheMissedTimerOnce()
      throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    CountDownLatch held = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean holdNext = new AtomicBoolean(true);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ExecutorService threads = Executors.newCachedThreadPool();
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            String key =
                exchange.getRequestHeaders().getFirst(HttpRequestSpec.IDEMPOTENCY_KEY_HEADER);
            synchronized (seen) {
              seen.merge(String.valueOf(key), 1, Integer::sum);
            }
            if (holdNext.getAndSet(false)) {
              held.countDown();
              release.await(60, TimeUnit.SECONDS);
              return;
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            try (OutputStream body = exchange.getResponseBody()) {
              body.write(ok);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    Path file = dir.resolve("workflows.db");
    try {
      Process first = child(file, base, "start", T0);
      assertThat(held.await(60, TimeUnit.SECONDS))
          .as("the first call reached the server; child output: %s", output("start"))
          .isTrue();
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as("killed, not exited").isNotZero();
      synchronized (seen) {
        assertThat(seen).containsExactlyEntriesOf(Map.of(CUT_OFF, 1));
      }

      SqliteStorage afterKill = leaks.track(SqliteStorage.open(file));
      EnrollmentStore store = afterKill.enrollmentStore();
      assertThat(store.findSend(IdempotencyKey.parse(CUT_OFF)))
          .as("the intent was stored, its outcome was cut off")
          .get()
          .extracting(SendRecord::status)
          .isEqualTo(SendRecord.Status.INTENDED);
      Enrollment waiting = store.find("enr-1").orElseThrow();
      assertThat(waiting.state()).isEqualTo(EnrollmentState.WAITING);
      assertThat(waiting.dueAt()).isEqualTo(T0.plus(WorkflowCrashMain.PAUSE));
      afterKill.close();

      // Down for an hour: the wait fell due 30 minutes ago.
      assertThat(run(file, base, "resume", T0.plus(Duration.ofHours(1))))
          .contains("STATE enr-1 COMPLETED", "STATE enr-2 COMPLETED");
      assertThat(run(file, base, "again", T0.plus(Duration.ofHours(2))))
          .contains("STATE enr-1 COMPLETED", "STATE enr-2 COMPLETED");
    } finally {
      release.countDown();
      server.stop(0);
      threads.shutdownNow();
    }
    synchronized (seen) {
      assertThat(seen)
          .as("deliveries by Idempotency-Key")
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(CUT_OFF, 2, "enr-2:call-2:1", 1, "enr-1:timer-call:1", 1));
    }

    SqliteStorage reopened = leaks.track(SqliteStorage.open(file));
    EnrollmentStore store = reopened.enrollmentStore();
    assertThat(store.sendsOf("enr-1"))
        .singleElement()
        .satisfies(
            send -> {
              assertThat(send.key().toString()).isEqualTo("enr-1:timer-call:1");
              assertThat(send.status()).isEqualTo(SendRecord.Status.DELIVERED);
              assertThat(send.intentAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
            });
    assertThat(store.sendsOf("enr-2"))
        .extracting(send -> send.key().toString(), SendRecord::status)
        .containsExactly(
            tuple(CUT_OFF, SendRecord.Status.DELIVERED),
            tuple("enr-2:call-2:1", SendRecord.Status.DELIVERED));
  }

  /** Runs a child to its end and returns its output. */
  private String run(Path file, String base, String phase, Instant now) throws Exception {
    Process child = child(file, base, phase, now);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("phase %s ended", phase).isTrue();
    String output = output(phase);
    assertThat(child.exitValue()).as("exit of phase %s; output: %s", phase, output).isZero();
    return output;
  }

  private Process child(Path file, String base, String phase, Instant now) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            WorkflowCrashMain.class.getName(),
            file.toString(),
            base,
            phase,
            now.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(phase + ".txt").toFile())
        .start();
  }

  private String output(String phase) throws IOException {
    Path path = dir.resolve(phase + ".txt");
    return Files.exists(path) ? Files.readString(path) : "";
  }
}
