package io.cdpkit.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.cdpkit.app.cli.Cli;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.postgres.TestPostgres;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdp serve} in child JVMs runs an event-triggered workflow exactly once for an event
 * stored by another process: one email to a real SMTP server and one call to a real HTTP receiver
 * per event, also when serve is killed (kill -9) between storing an event and triggering on it,
 * on a SQLite file and on PostgreSQL with two serve instances.
 */
final class TwoProcessServeTest {
  private static final Instant START = Instant.parse("2026-06-15T12:00:00Z");
  private static final Pattern PORT = Pattern.compile("on http://[^:]+:(\\d+)/v1/");

  @RegisterExtension
  final GreenMailExtension smtp =
      new GreenMailExtension(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

  @TempDir Path dir;
  private HttpServer receiver;
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<Process> serves = new ArrayList<>();

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
    for (Process serve : serves) {
      if (serve.isAlive()) {
        serve.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    receiver.stop(0);
  }

  @Test
  void sqlite_eventsStoredElsewhereOrBeforeAKill_runTheWorkflowOncePerEvent() throws Exception {
    Path db = dir.resolve("cdp.db");
    setUp(SqliteStorage.open(db));

    // A process with no workflow engine at all stores an event while no serve runs.
    trackWithoutEngine(SqliteStorage.open(db), "e-2", "p-2", 40);
    // A serve whose due work runs once at its start (sending for e-2), then not for an hour.
    Serve serve = startServe(db.toString(), config("slow", "PT1H")).awaitServing();
    awaitSends(1);

    // serve stores an event from its endpoint and dies (kill -9) before triggering on it.
    HttpResponse<String> tracked = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serve.port() + "/v1/track"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "wk-secret-1:".getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"userId\": \"u-3\", \"event\": \"purchase\","
                + " \"messageId\": \"e-3\", \"properties\": {\"amount\": 50}}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(tracked.statusCode()).as(tracked.body()).isEqualTo(200);
    kill(serve);
    assertThat(smtp.getReceivedMessages()).as("nothing sent for e-3 before the kill").hasSize(1);

    // After the restart, e-3 is sent; then an event imported by another process while serve runs.
    serve = startServe(db.toString(), config("fast", "PT0.1S")).awaitServing();
    awaitSends(2);
    importEvent(db.toString(), "e-1", "p-1", 30);
    awaitSends(3);
    Thread.sleep(500); // several more rounds of due work in serve: nothing is sent twice
    assertSent(Map.of("Thank you, Ann", 1, "Thank you, Bob", 1, "Thank you, Cat", 1),
        "{\"amount\": \"30\"}", "{\"amount\": \"40\"}", "{\"amount\": \"50\"}");

    serve.process().destroy();
    assertThat(serve.process().waitFor(20, TimeUnit.SECONDS)).as("serve stopped on SIGTERM").isTrue();
  }

  @Test
  void postgres_twoServeInstances_runTheWorkflowOncePerEvent_alsoAcrossAKill() throws Exception {
    String jdbc = TestPostgres.freshDatabaseUrl();
    URI parts = URI.create(jdbc.substring("jdbc:".length()));
    String url = "postgresql://postgres@" + parts.getHost() + ":" + parts.getPort() + parts.getPath();
    setUp(PostgresStorage.open(jdbc));
    Path fast = config("fast", "PT0.1S");
    Serve a = startServe(url, fast);
    Serve b = startServe(url, fast);
    a.awaitServing();
    b.awaitServing();

    importEvent(url, "e-1", "p-1", 30);
    awaitSends(1);
    Thread.sleep(500); // several more rounds of due work in both: nothing is sent twice
    assertSent(Map.of("Thank you, Ann", 1), "{\"amount\": \"30\"}");

    kill(a);
    kill(b);
    trackWithoutEngine(PostgresStorage.open(jdbc), "e-2", "p-2", 40);
    Serve c = startServe(url, fast);
    Serve d = startServe(url, fast);
    c.awaitServing();
    d.awaitServing();
    awaitSends(2);
    Thread.sleep(500);
    assertSent(Map.of("Thank you, Ann", 1, "Thank you, Bob", 1),
        "{\"amount\": \"30\"}", "{\"amount\": \"40\"}");
  }

  /** Stores an event from a process that runs no workflow engine (a plain Cdp). */
  private static void trackWithoutEngine(PlatformStorage storage, String id, String profile,
      int amount) {
    try (Cdp plain = Cdp.builder().storage(storage).build()) {
      plain.track(Track.builder("purchase").eventId(id).profileId(profile)
          .timestamp(START).property("amount", amount).build());
    }
  }

  /** The workflow (an email, then an HTTP call) and three reachable profiles. */
  private void setUp(PlatformStorage storage) {
    String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    try (CdpPlatform platform = CdpPlatform.builder().storage(storage).build()) {
      platform.workflows().save(Workflow.builder("thanks").trigger(Trigger.eventAdded("purchase"))
          .step(new Step.SendEmail("mail", "thanks", "$identifier.email", null, "Thank you, {{name}}",
              null, "Thanks for your order", List.of(MergeTag.of("name", "first_name", "there"))))
          .step(new Step.HttpCall("crm", "POST", hook, Map.of("Content-Type", "application/json"),
              "{\"amount\": \"{{amount}}\"}", null, Duration.ofSeconds(5),
              List.of(MergeTag.of("amount", "event.amount", "0"))))
          .build());
      String[][] people = {{"p-1", "Ann"}, {"p-2", "Bob"}, {"p-3", "Cat"}};
      for (String[] person : people) {
        String id = person[0];
        String name = person[1];
        platform.cdp().identify(Identify.builder().profileId(id)
            .email(name.toLowerCase() + "@example.com").userId("u" + id.substring(1))
            .set("first_name", name).build());
        platform.cdp().recordConsent(id, ConsentChange.of("email", ConsentStatus.GRANTED, START, "signup"));
      }
    }
  }

  private Path config(String name, String period) throws IOException {
    Path config = dir.resolve(name + ".properties");
    Files.writeString(config, String.join("\n",
        "write_key=wk-secret-1",
        "due_work.period=" + period,
        "smtp.host=127.0.0.1",
        "smtp.port=" + smtp.getSmtp().getPort(),
        "smtp.tls=none",
        "smtp.from=shop@example.com",
        "http.allowed_hosts=127.0.0.1",
        "sends.file=" + dir.resolve("sends.jsonl")) + "\n");
    return config;
  }

  private void importEvent(String db, String id, String profile, int amount) throws IOException {
    Path events = dir.resolve(id + ".jsonl");
    Files.writeString(events, "{\"id\": \"" + id + "\", \"profile_id\": \"" + profile + "\","
        + " \"type\": \"purchase\", \"timestamp\": \"2026-06-15T12:00:00Z\","
        + " \"properties\": {\"amount\": " + amount + "}}\n");
    int exit = Cli.commandLine().setOut(new java.io.PrintWriter(java.io.Writer.nullWriter()))
        .execute("--db", db, "import", "events", events.toString(), "--format", "jsonl");
    assertThat(exit).isZero();
  }

  private void assertSent(Map<String, Integer> subjects, String... bodies) throws Exception {
    MimeMessage[] received = smtp.getReceivedMessages();
    Map<String, Integer> counted = new java.util.TreeMap<>();
    for (MimeMessage message : received) {
      counted.merge(message.getSubject(), 1, Integer::sum);
    }
    assertThat(counted).isEqualTo(subjects);
    assertThat(calls).containsExactlyInAnyOrder(bodies);
  }

  private void awaitSends(int count) throws InterruptedException {
    await(() -> smtp.getReceivedMessages().length >= count && calls.size() >= count,
        count + " emails and calls");
  }

  private static void await(Supplier<Boolean> condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.get() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.get()).as(what).isTrue();
  }

  /** kill -9: no shutdown hook, no graceful stop. */
  private static void kill(Serve serve) throws InterruptedException {
    assertThat(serve.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS)).isTrue();
  }

  /** {@code cdp serve} in a child JVM; starting several at once lets their JVMs start in parallel. */
  private Serve startServe(String db, Path config) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        Cli.class.getName(), "--db", db, "serve", "--port", "0", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.PIPE)
        .start();
    serves.add(process);
    return new Serve(process);
  }

  private static final class Serve {
    private final Process process;
    private int port;

    Serve(Process process) {
      this.process = process;
    }

    Process process() {
      return process;
    }

    int port() {
      return port;
    }

    /** Waits for the line saying serve listens; keeps draining its output afterwards. */
    Serve awaitServing() throws IOException {
      BufferedReader out = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = out.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.startsWith("Serving ")) {
          Matcher bound = PORT.matcher(line);
          assertThat(bound.find()).as(line).isTrue();
          port = Integer.parseInt(bound.group(1));
          Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }));
          drain.setDaemon(true);
          drain.start();
          return this;
        }
      }
      throw new AssertionError("serve did not start: " + seen);
    }
  }
}
