package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.StorageBacked;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.Segments;
import io.cdpkit.workflows.ConsentRule;
import io.cdpkit.workflows.enrollment.Enrollment;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.ReEntryPolicy;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.WorkflowEngine;
import io.cdpkit.workflows.spi.HttpRequestSpec;
import io.cdpkit.workflows.spi.SendRecord;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application instances (child JVMs) ingest overlapping identifiers and run the workflow
 * engine against one PostgreSQL database at the same time. Afterwards every identifier of a user
 * belongs to one profile, no event is lost, and every send reached the receiving server exactly
 * once.
 */
final class PostgresTwoProcessTest {
  private static final int USERS = 60;
  private static final Instant NOW = Instant.parse("2026-06-15T12:00:00Z");

  private final Map<String, Integer> received = new ConcurrentHashMap<>();
  private HttpServer server;
  private String base;
  @TempDir Path dir;

  static Workflow welcome(String base) {
    return Workflow.builder("welcome")
        .trigger(Trigger.eventAdded("signup"))
        .consent(ConsentRule.ignoreConsent())
        .reEntry(ReEntryPolicy.once())
        .enabled(true)
        .step(
            new Step.HttpCall(
                "hook", "POST", base + "/welcome", Map.of("Content-Type", "application/json"),
                "{}", null, Duration.ofSeconds(30), List.of()))
        .build();
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/welcome",
        exchange -> {
          String key = exchange.getRequestHeaders().getFirst(HttpRequestSpec.IDEMPOTENCY_KEY_HEADER);
          received.merge(String.valueOf(key), 1, Integer::sum);
          exchange.getRequestBody().readAllBytes();
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void twoInstancesKeepOneProfilePerIdentifierLoseNoEventAndSendOnce() throws Exception {
    String url = TestPostgres.freshDatabaseUrl();
    // Deployed once before the instances start, as a release would (saving it from two instances
    // at the same moment makes one of them fail: the version exists).
    try (Cdp cdp = Cdp.builder().storage(PostgresStorage.open(url)).build();
        Segments segments = Segments.attach(cdp);
        WorkflowEngine engine =
            WorkflowEngine.builder(cdp, segments)
                .store(((PostgresStorage) StorageBacked.storageOf(cdp)).enrollmentStore())
                .build()) {
      engine.save(welcome(base));
    }
    List<Process> workers = new ArrayList<>();
    for (int worker = 0; worker < 2; worker++) {
      workers.add(start(url, worker));
    }
    for (int worker = 0; worker < 2; worker++) {
      Process process = workers.get(worker);
      assertThat(process.waitFor(150, TimeUnit.SECONDS)).as("worker %d finished", worker).isTrue();
      String output = Files.readString(dir.resolve("worker-" + worker + ".txt"));
      assertThat(process.exitValue()).as("worker %d exit code; output:%n%s", worker, output)
          .isZero();
      assertThat(output).contains("DONE " + worker);
    }

    try (Cdp cdp = Cdp.builder().storage(PostgresStorage.open(url)).build();
        Segments segments = Segments.attach(cdp);
        WorkflowEngine engine =
            WorkflowEngine.builder(cdp, segments)
                .store(((PostgresStorage) StorageBacked.storageOf(cdp)).enrollmentStore())
                .build()) {
      Set<String> profiles = new HashSet<>();
      for (int user = 0; user < USERS; user++) {
        Profile profile = cdp.findProfile(TwoProcessWorker.email(user)).orElseThrow();
        assertThat(cdp.findProfile(TwoProcessWorker.own(0, user))).get().extracting(Profile::id)
            .as("user %d's phone", user).isEqualTo(profile.id());
        assertThat(cdp.findProfile(TwoProcessWorker.own(1, user))).get().extracting(Profile::id)
            .as("user %d's user id", user).isEqualTo(profile.id());
        profiles.add(profile.id());
      }
      assertThat(profiles).hasSize(USERS);
      assertThat(cdp.countProfiles()).isEqualTo(USERS);
      assertThat(cdp.countEvents()).as("events tracked by both workers").isEqualTo(4L * USERS);

      Set<String> delivered = new HashSet<>();
      Set<String> welcomed = new HashSet<>();
      for (Enrollment enrollment : engine.enrollments("welcome")) {
        assertThat(enrollment.state()).as("%s", enrollment).isIn(
            EnrollmentState.COMPLETED, EnrollmentState.CANCELLED);
        for (SendRecord send : engine.sends(enrollment.id())) {
          assertThat(send.status()).as("%s", send).isEqualTo(SendRecord.Status.DELIVERED);
          delivered.add(send.key().toString());
          welcomed.add(cdp.findProfile(send.profileId()).orElseThrow().id());
        }
      }
      assertThat(received.values()).as("requests per idempotency key").containsOnly(1);
      assertThat(received.keySet()).isEqualTo(delivered);
      assertThat(welcomed).as("profiles that got the welcome").isEqualTo(profiles);
    }
  }

  private Process start(String url, int worker) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java, "-cp", System.getProperty("java.class.path"),
            TwoProcessWorker.class.getName(), url, base, String.valueOf(worker),
            String.valueOf(USERS), NOW.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("worker-" + worker + ".txt").toFile())
        .start();
  }
}
