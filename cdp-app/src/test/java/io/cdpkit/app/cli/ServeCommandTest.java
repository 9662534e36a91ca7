package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Identify;
import io.cdpkit.core.consent.ConsentChange;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.profile.ConsentStatus;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.storage.sqlite.SqliteStorage;
import io.cdpkit.workflows.MergeTag;
import io.cdpkit.workflows.Step;
import io.cdpkit.workflows.Trigger;
import io.cdpkit.workflows.Workflow;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

final class ServeCommandTest {
  @TempDir Path dir;

  @Test
  void serve_acceptsTrackingMessagesIntoTheDatabaseUntilStopped() throws Exception {
    Path db = dir.resolve("cdp.db");
    StringWriter out = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err, true));
    Thread server = new Thread(() -> line.execute("--db", db.toString(), "serve", "--port", "0", "--write-key", "wk-secret-1"));
    server.start();
    int port = awaitPort(out, err);
    String auth = "Basic " + Base64.getEncoder().encodeToString("wk-secret-1:".getBytes(StandardCharsets.UTF_8));
    HttpRequest track = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/track"))
        .header("Authorization", auth).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"messageId\": \"m-1\", \"userId\": \"u-42\", \"event\": \"Order Completed\"}"))
        .build();
    HttpResponse<String> response = HttpClient.newHttpClient().send(track, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    // The first round of due work fits predictions, there being no fit yet, where the CLI reads them.
    awaitFit(db);
    server.interrupt();
    server.join(10_000);
    assertThat(server.isAlive()).isFalse();

    StringWriter timeline = new StringWriter();
    CommandLine show = Cli.commandLine();
    show.setOut(new PrintWriter(timeline));
    assertThat(show.execute("--db", db.toString(), "profile", "timeline", "user_id:u-42")).isZero();
    assertThat(timeline.toString()).contains("Order Completed");
  }

  @Test
  void serve_runsWorkflowsOnReceivedEvents_writingSendsToTheSendsFile() throws Exception {
    Path db = dir.resolve("cdp.db");
    Path sends = dir.resolve("sends.jsonl");
    Instant now = Instant.parse("2026-06-15T12:00:00Z");
    try (CdpPlatform platform = CdpPlatform.builder().storage(SqliteStorage.open(db)).build()) {
      platform.workflows().save(Workflow.builder("thanks").trigger(Trigger.eventAdded("Order Completed"))
          .step(new Step.SendEmail("t1", "thanks", "$identifier.email", null, "Thank you, {{name}}",
              "<p>Thanks</p>", null, List.of(MergeTag.of("name", "first_name", "there"))))
          .build());
      platform.cdp().identify(Identify.builder().identifier("user_id", "u-42").email("ann@example.com")
          .set("first_name", "Ann").build());
      String ann = platform.cdp().findProfile(Identifier.email("ann@example.com"))
          .orElseThrow().id();
      platform.cdp().recordConsent(ann, ConsentChange.of("email", ConsentStatus.GRANTED, now, "signup"));
    }
    Path config = dir.resolve("cdp.properties");
    Files.writeString(config, "write_key=wk-secret-1\ndue_work.period=PT0.05S\nsends.file=" + sends + "\n");
    StringWriter out = new StringWriter();
    CommandLine line = Cli.commandLine();
    line.setOut(new PrintWriter(out));
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err, true));
    Thread server = new Thread(() -> line.execute("--db", db.toString(), "serve", "--port", "0",
        "--config", config.toString()));
    server.start();
    int port = awaitPort(out, err);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> health = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    String auth = "Basic " + Base64.getEncoder().encodeToString("wk-secret-1:".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> track = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/track"))
        .header("Authorization", auth).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"messageId\": \"m-1\", \"userId\": \"u-42\", \"event\": \"Order Completed\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());

    List<String> sent = awaitLines(sends, 1);
    server.interrupt();
    server.join(10_000);

    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(track.statusCode()).isEqualTo(200);
    assertThat(server.isAlive()).isFalse();
    assertThat(sent).singleElement().asString()
        .contains("\"channel\":\"email\"", "\"to\":\"ann@example.com\"", "Thank you, Ann");
    assertThat(Files.readAllLines(sends)).as("sent once").hasSize(1);
  }

  @Test
  void serve_deliversTheSyncsThatSyncAddKept() throws Exception {
    Path db = dir.resolve("cdp.db");
    Path out = dir.resolve("out");
    try (CdpPlatform platform = CdpPlatform.builder().storage(SqliteStorage.open(db)).build()) {
      platform.cdp().identify(Identify.builder().email("ann@example.com").set("age", 40).build());
      platform.segments().save("adults", "age >= 21");
    }
    assertThat(Cli.commandLine().execute("--db", db.toString(), "sync", "add", "adults", "--to",
        "file:" + out)).isZero();
    Path config = dir.resolve("cdp.properties");
    Files.writeString(config, "write_key=wk-secret-1\ndue_work.period=PT0.05S\n");
    StringWriter err = new StringWriter();
    CommandLine line = Cli.commandLine();
    StringWriter stdout = new StringWriter();
    line.setOut(new PrintWriter(stdout));
    line.setErr(new PrintWriter(err, true));
    Thread server = new Thread(() -> line.execute("--db", db.toString(), "serve", "--port", "0",
        "--config", config.toString()));
    server.start();
    awaitPort(stdout, err);

    Path snapshot = out.resolve("adults.file.snapshot.csv");
    awaitFile(snapshot);
    server.interrupt();
    server.join(10_000);

    assertThat(Files.readString(snapshot)).contains("added,", "ann@example.com");
  }

  private static void awaitFit(Path db) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    try (SqliteStorage storage = SqliteStorage.open(db)) {
      while (storage.documentStore().find("predictions.fit").isEmpty()) {
        assertThat(System.nanoTime()).as("a fit in %s within 10 s", db).isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  private static List<String> awaitLines(Path file, int count) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(file) && Files.readAllLines(file).size() >= count) {
        return Files.readAllLines(file);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("nothing was sent to " + file);
  }

  private static void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!Files.exists(file)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no file " + file);
      }
      Thread.sleep(20);
    }
  }

  private static int awaitPort(StringWriter out, StringWriter err) throws InterruptedException {
    Pattern serving = Pattern.compile("Serving .* on http://127\\.0\\.0\\.1:(\\d+)/v1/");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = serving.matcher(out.toString());
      if (matcher.find()) {
        return Integer.parseInt(matcher.group(1));
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the server did not start: " + out + err);
  }
}
