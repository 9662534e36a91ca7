package io.cdpkit.examples.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cdpkit.core.Cdp;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * analytics.js ({@code @segment/analytics-next} from npm, unmodified) in headless Chromium, on a
 * page of another origin than the ingestion server: the browser's CORS rules, the short paths and
 * the body write key, for the same visit as {@link OfficialClientsTest}. Skips only where Debian's
 * Chromium and ChromeDriver are missing ({@code .ci/install-chromium} installs them).
 */
final class AnalyticsJsBrowserTest {
  private static final String KEY = "wk-official-clients";
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @TempDir Path dir;

  @Test
  void analyticsJs_fromAPageOnAnotherOrigin() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "skipped: needs /usr/bin/chromium and /usr/bin/chromedriver (run .ci/install-chromium as root)");
    Path clients = OfficialClientsTest.NodeClients.installed();
    String name = "analytics-js";
    Map<String, Instant> calls = new LinkedHashMap<>();
    HttpServer page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String pageOrigin = "http://localhost:" + page.getAddress().getPort();
    Cdp cdp = Cdp.builder().storage(SqliteStorage.open(dir.resolve("cdp.db"))).build();
    IngestionServer server = IngestionServer.builder(cdp).writeKey(KEY).corsOrigin(pageOrigin).build();
    int port = server.start(new InetSocketAddress("127.0.0.1", 0)).getPort();
    page.createContext("/", exchange -> {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        byte[] body;
        String type;
        if (path.equals("/")) {
          body = Files.readString(clients.resolve("analytics-js.html"))
              .replace("__KEY__", KEY).replace("__API_HOST__", "127.0.0.1:" + port + "/v1")
              .getBytes(StandardCharsets.UTF_8);
          type = "text/html";
        } else if (path.equals("/scenario.mjs")) {
          body = Files.readAllBytes(clients.resolve("scenario.mjs"));
          type = "text/javascript";
        } else if (path.equals("/analytics.js")) {
          body = Files.readAllBytes(clients.resolve("node_modules/@segment/analytics-next/dist/umd/index.js"));
          type = "text/javascript";
        } else {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    });
    page.start();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--no-first-run", "--disable-component-update", "--disable-sync",
        // No request leaves the machine: the bundle's optional CDN fetches fail at once.
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    try {
      driver.get(pageOrigin + "/");
      new WebDriverWait(driver, Duration.ofSeconds(30)).until(d ->
          Boolean.TRUE.equals(driver.executeScript("return window.visitDone === true")));
      Object error = driver.executeScript("return window.visitError || null");
      assertThat(error).as("the page's error").isNull();
      JsonNode recorded = new ObjectMapper().readTree((String) driver.executeScript("return JSON.stringify(window.calls)"));
      for (JsonNode call : recorded) {
        calls.putIfAbsent(call.get("messageId").asText(), Instant.parse(call.get("at").asText()));
      }
      // The page's calls resolve once dispatched; wait until the server has stored them all.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (cdp.countEvents() < ScenarioCheck.MESSAGES && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    } finally {
      driver.quit();
      page.stop(0);
      server.stop();
      cdp.close();
    }
    new ScenarioCheck(dir.resolve("cdp.db").toString(), name, calls).verify();
  }
}
