package io.cdpkit.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.AliasMessage;
import com.segment.analytics.messages.GroupMessage;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.MessageBuilder;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import io.cdpkit.core.Cdp;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official tracking clients, unmodified and with their default settings, against the real
 * ingestion server on a SQLite file; {@link ScenarioCheck} then reads the result through the
 * {@code cdp} command line. The Node clients come from npm ({@code src/test/clients}, installed
 * by {@code .ci/run}, or here when missing); the tests skip only where Node.js itself is absent.
 */
final class OfficialClientsTest {
  private static final String KEY = "wk-official-clients";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void segmentNode_defaultSettings() throws Exception {
    node("segment-node.mjs", "segment-node");
  }

  @Test
  void rudderstackNode_defaultSettingsWithGzip() throws Exception {
    node("rudder-node.mjs", "rudder-node");
  }

  @Test
  void segmentJava_defaultSettings() throws Exception {
    String name = "segment-java";
    Map<String, Instant> calls = new LinkedHashMap<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch delivered = new CountDownLatch(ScenarioCheck.MESSAGES + 1);
    try (Served served = Served.start(dir)) {
      Analytics analytics = Analytics.builder(KEY).endpoint(served.url())
          .callback(new Callback() {
            @Override
            public void success(Message message) {
              delivered.countDown();
            }

            @Override
            public void failure(Message message, Throwable throwable) {
              failure.set(throwable);
              delivered.countDown();
            }
          })
          .build();
      String anonymousId = name + "-anon-1";
      String userId = name + "-user-1";
      String legacyId = name + "-legacy-1";
      List<MessageBuilder<?, ?>> visit = List.of(
          IdentifyMessage.builder().userId(legacyId).traits(Map.of("plan", "legacy")),
          PageMessage.builder("Pricing").anonymousId(anonymousId)
              .properties(Map.of("path", "/pricing", "category", "Docs")),
          IdentifyMessage.builder().userId(userId).anonymousId(anonymousId).traits(Map.of(
              "email", name + "@example.com", "name", "Ann Example", "age", 31, "vip", true,
              "address", Map.of("city", "Utrecht", "zip", "3511"))),
          order(userId),
          AliasMessage.builder(legacyId).userId(userId),
          GroupMessage.builder("acme").userId(userId).traits(Map.of("name", "Acme Inc", "employees", 50)),
          GroupMessage.builder("globex").userId(userId).traits(Map.of("name", "Globex")));
      int n = 0;
      for (MessageBuilder<?, ?> message : visit) {
        String messageId = name + "-" + ++n + "-" + message.type().name();
        calls.put(messageId, Instant.now());
        analytics.enqueue(message.messageId(messageId));
      }
      analytics.enqueue(order(userId).messageId(name + "-4-track"));  // the re-send
      analytics.flush();
      assertThat(delivered.await(30, TimeUnit.SECONDS)).as("all messages answered").isTrue();
      analytics.shutdown();
      assertThat(failure.get()).as("a delivery failure").isNull();
    }
    new ScenarioCheck(dir.resolve("cdp.db").toString(), name, calls).verify();
  }

  private static TrackMessage.Builder order(String userId) {
    return TrackMessage.builder("Order Completed").userId(userId).properties(Map.of(
        "total", 30.5, "currency", "EUR", "items", List.of(Map.of("sku", "A-1", "qty", 2)),
        "shipping", Map.of("method", "express")));
  }

  private void node(String script, String name) throws Exception {
    Path clients = NodeClients.installed();
    Map<String, Instant> calls = new LinkedHashMap<>();
    try (Served served = Served.start(dir)) {
      Path err = dir.resolve(name + ".err");
      Process process = new ProcessBuilder("node", script, served.url(), KEY)
          .directory(clients.toFile())
          .redirectError(err.toFile())
          .start();
      List<String> lines = new ArrayList<>();
      try (var out = process.inputReader(StandardCharsets.UTF_8)) {
        out.lines().forEach(lines::add);
      }
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as(name + " finished").isTrue();
      assertThat(process.exitValue()).as(name + ": " + Files.readString(err)).isZero();
      for (String line : lines) {
        JsonNode call = JSON.readTree(line);
        calls.putIfAbsent(call.get("messageId").asText(), Instant.parse(call.get("at").asText()));
      }
    }
    new ScenarioCheck(dir.resolve("cdp.db").toString(), name, calls).verify();
  }

  /** The server on a SQLite file, as {@code cdp serve} runs it; closing stops it and the Cdp. */
  private record Served(Cdp cdp, IngestionServer server, String url) implements AutoCloseable {
    static Served start(Path dir) {
      Cdp cdp = Cdp.builder().storage(SqliteStorage.open(dir.resolve("cdp.db"))).build();
      IngestionServer server = IngestionServer.builder(cdp).writeKey(KEY).build();
      InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 0));
      return new Served(cdp, server, "http://127.0.0.1:" + bound.getPort());
    }

    @Override
    public void close() {
      server.stop();
      cdp.close();
    }
  }

  /** The npm clients of {@code src/test/clients}: installed from the lock file when missing. */
  static final class NodeClients {
    private static final Path HOME = Path.of("src", "test", "clients").toAbsolutePath();

    static synchronized Path installed() throws IOException, InterruptedException {
      org.junit.jupiter.api.Assumptions.assumeTrue(onPath("node") && onPath("npm"),
          "Node.js is not installed; the Node client tests need node and npm");
      if (!Files.isDirectory(HOME.resolve("node_modules/@segment/analytics-node"))
          || !Files.isDirectory(HOME.resolve("node_modules/@segment/analytics-next"))
          || !Files.isDirectory(HOME.resolve("node_modules/@rudderstack/rudder-sdk-node"))) {
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
            .directory(HOME.toFile()).redirectErrorStream(true).start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(300, TimeUnit.SECONDS) && npm.exitValue() == 0)
            .as("npm ci in " + HOME + ": " + output).isTrue();
      }
      return HOME;
    }

    private static boolean onPath(String command) {
      String path = System.getenv("PATH");
      if (path == null) {
        return false;
      }
      for (String entry : path.split(java.io.File.pathSeparator)) {
        if (Files.isExecutable(Path.of(entry, command))) {
          return true;
        }
      }
      return false;
    }
  }
}
