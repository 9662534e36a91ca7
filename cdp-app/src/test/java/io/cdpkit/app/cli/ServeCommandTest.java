package io.cdpkit.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
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
    server.interrupt();
    server.join(10_000);
    assertThat(server.isAlive()).isFalse();

    StringWriter timeline = new StringWriter();
    CommandLine show = Cli.commandLine();
    show.setOut(new PrintWriter(timeline));
    assertThat(show.execute("--db", db.toString(), "profile", "timeline", "user_id:u-42")).isZero();
    assertThat(timeline.toString()).contains("Order Completed");
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
