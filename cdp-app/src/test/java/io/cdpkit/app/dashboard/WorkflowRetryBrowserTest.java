package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cdpkit.core.Identify;
import io.cdpkit.core.testing.TestClock;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.storage.sqlite.SqliteStorage;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.Workflow;
import io.cdpkit.workflows.channel.HttpClientStepClient;
import io.cdpkit.workflows.channel.HttpStepOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * Retrying a failed enrollment from the workflow's page, in headless Chromium: a workflow's HTTP
 * step calls a real local receiver that answers 500 until the retries run out, the receiver
 * heals, Retry on the page sends the call again and the enrollment completes.
 */
final class WorkflowRetryBrowserTest {
  @TempDir Path directory;

  @Test
  void anHttpStepFailingWith500_isRetriedFromThePageOnceTheReceiverHeals_andCompletes() throws Exception {
    BrowserSession.assumeInstalled();
    AtomicInteger status = new AtomicInteger(500);
    AtomicInteger calls = new AtomicInteger();
    HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/crm", exchange -> {
      calls.incrementAndGet();
      exchange.getRequestBody().readAllBytes();
      exchange.sendResponseHeaders(status.get(), -1);
      exchange.close();
    });
    receiver.start();
    TestClock clock = TestClock.at(Instant.parse("2026-12-07T12:00:00Z"));
    CdpPlatform platform = CdpPlatform.builder().storage(SqliteStorage.open(directory.resolve("cdp.db")))
        .clock(clock).zone(DashboardFixture.ZONE)
        .httpClient(HttpClientStepClient.create(HttpStepOptions.builder().allowHosts("127.0.0.1").clock(clock).build()))
        .build();
    DashboardServer server = DashboardServer.create(platform, new InMemoryChartStore(), DashboardAccess.withToken(DashboardFixture.TOKEN));
    BrowserSession browser = null;
    try (platform) {
      InetSocketAddress bound = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String id = platform.cdp().identify(Identify.builder().email("rita@example.com").set("first_name", "Rita").build()).id();
      platform.workflows().save(Workflow.fromJson("{\"name\":\"crm-update\",\"enabled\":true,\"trigger\":{\"type\":\"broadcastOnly\"},"
          + "\"consent\":{\"ignoreConsent\":true},\"steps\":[{\"type\":\"httpCall\",\"id\":\"tell-crm\",\"method\":\"POST\","
          + "\"url\":\"http://127.0.0.1:" + receiver.getAddress().getPort() + "/crm\",\"headers\":{\"Content-Type\":\"application/json\"},"
          + "\"body\":\"{\\\"hello\\\":true}\",\"tags\":[]}]}"));
      String enrollment = platform.workflows().enroll("crm-update", id).orElseThrow().id();
      for (int round = 0; round < 50 && platform.workflows().findEnrollment(enrollment).orElseThrow().state() != EnrollmentState.FAILED; round++) {
        platform.runDue(clock.instant());
        clock.advance(Duration.ofHours(1));
      }
      assertThat(platform.workflows().findEnrollment(enrollment).orElseThrow().state()).isEqualTo(EnrollmentState.FAILED);
      int failedCalls = calls.get();
      assertThat(failedCalls).as("the receiver was called and answered 500").isPositive();

      browser = BrowserSession.open("http://127.0.0.1:" + bound.getPort(), directory);
      browser.go("#/workflows/crm-update");
      browser.awaitText("main", "Failed enrollments");
      assertThat(browser.find("[data-figure=failed] .value").getText()).isEqualTo("1");
      browser.awaitText("main table", "Rita");
      assertThat(browser.find("main").getText()).contains("tell-crm").contains("500");

      status.set(204);
      browser.driver.findElements(By.cssSelector("main button")).stream()
          .filter(button -> button.getText().equals("Retry")).findFirst().orElseThrow().click();
      browser.waiting().until(d -> platform.workflows().findEnrollment(enrollment).orElseThrow().state() != EnrollmentState.FAILED);
      platform.runDue(clock.instant());
      assertThat(platform.workflows().findEnrollment(enrollment).orElseThrow().state()).isEqualTo(EnrollmentState.COMPLETED);
      assertThat(calls.get()).isEqualTo(failedCalls + 1);

      browser.go("#/workflows/crm-update");
      browser.awaitText("[data-figure=completed] .value", "1");
      assertThat(browser.find("[data-figure=failed] .value").getText()).isEqualTo("0");
      assertThat(browser.find("main").getText()).doesNotContain("Rita");
    } finally {
      if (browser != null) {
        browser.close();
      }
      server.stop();
      receiver.stop(0);
    }
  }
}
