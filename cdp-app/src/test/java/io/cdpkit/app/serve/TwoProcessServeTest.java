package io.cdpkit.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.cdpkit.app.cli.Cli;
import io.cdpkit.core.Identify;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.storage.sqlite.SqliteStorage;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import jakarta.mail.internet.MimeMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cdp serve} in a child JVM on a SQLite file runs an event-triggered workflow when {@code
 * cdp import events} in another process (this test's JVM) stores a matching event: one email to a
 * real SMTP server and one call to a real HTTP receiver.
 */
final class TwoProcessServeTest {
  private static final Instant START = Instant.parse("2026-06-15T12:00:00Z");

  @RegisterExtension
  final GreenMailExtension smtp =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @TempDir Path dir;
  private HttpServer receiver;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private Process serve;

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", exchange -> {
      calls.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (serve != null && serve.isAlive()) {
      serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    receiver.stop(0);
  }

  @Test
  void importInAnotherProcess_runsTheWorkflowOnce() throws Exception {
    Path db = dir.resolve("cdp.db");
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    try (CdpPlatform platform = CdpPlatform.builder().storage(SqliteStorage.open(db)).build()) {
      platform.workflows().save(Workflow.builder("thanks").trigger(Trigger.eventAdded("purchase"))
          .step(new Step.SendEmail("mail", "thanks", "$identifier.email", null, "Thank you, {{name}}",
              null, "Thanks for your order", List.of(MergeTag.of("name", "first_name", "there"))))
          .step(new Step.HttpCall("crm", "POST", hook, Map.of("Content-Type", "application/json"),
              "{\"amount\": \"{{amount}}\"}", null, Duration.ofSeconds(5),
              List.of(MergeTag.of("amount", "event.amount", "0"))))
          .build());
      platform.cdp().identify(Identify.builder().profileId("p-1").email("ann@example.com")
          .set("first_name", "Ann").build());
      platform.cdp().recordConsent("p-1", ConsentChange.of("email", ConsentStatus.GRANTED, START, "signup"));
    }
    Path config = dir.resolve("cdp.properties");
    Files.writeString(config, String.join("\n",
        "write_key=wk-secret-1",
        "due_work.period=PT0.1S",
        "smtp.host=127.0.0.1",
        "smtp.port=" + smtp.getSmtp().getPort(),
        "smtp.tls=none",
        "smtp.from=shop@example.com",
        "http.allowed_hosts=127.0.0.1",
        "sends.file=" + dir.resolve("sends.jsonl")) + "\n");
    serve = startServe(db, config);

    Path events = dir.resolve("events.jsonl");
    Files.writeString(events, "{\"id\": \"e-1\", \"profile_id\": \"p-1\", \"type\": \"purchase\","
        + " \"timestamp\": \"2026-06-15T12:00:00Z\", \"properties\": {\"amount\": 30}}\n");
    int imported = Cli.commandLine().setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()))
        .execute("--db", db.toString(), "import", "events", events.toString(), "--format", "jsonl");
    assertThat(imported).isZero();

    assertThat(smtp.waitForIncomingEmail(10_000, 1)).as("an email arrived").isTrue();
    awaitCalls(1);
    // Several more rounds of due work in serve: nothing is sent twice.
    Thread.sleep(500);
    MimeMessage[] received = smtp.getReceivedMessages();
    assertThat(received).hasSize(1);
    assertThat(received[0].getSubject()).isEqualTo("Thank you, Ann");
    assertThat(calls).containsExactly("{\"amount\": \"30\"}");

    serve.destroy();
    assertThat(serve.waitFor(20, TimeUnit.SECONDS)).as("serve stopped on SIGTERM").isTrue();
  }

  private Process startServe(Path db, Path config) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Cli.class.getName(), "--db", db.toString(), "serve", "--port", "0", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    String line;
    while ((line = out.readLine()) != null) {
      seen.append(line).append('\n');
      if (line.startsWith("Serving ")) {
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }));
        drain.setDaemon(true);
        drain.start();
        return process;
      }
    }
    throw new AssertionError("serve did not start: " + seen);
  }

  private void awaitCalls(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (calls.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(calls).hasSizeGreaterThanOrEqualTo(count);
  }
}
