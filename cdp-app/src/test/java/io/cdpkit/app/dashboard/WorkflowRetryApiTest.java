package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.core.Identify;
import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.storage.sqlite.SqliteStorage;
import io.cdpkit.workflows.enrollment.EnrollmentState;
import io.cdpkit.workflows.Workflow;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed enrollment shows on the workflow's page with its reason, and retrying it there revives it. */
final class WorkflowRetryApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @TempDir Path directory;

  @Test
  void aFailedEnrollment_isListedWithItsReasonAndCustomer_andRetried() throws Exception {
    CdpPlatform platform = CdpPlatform.builder().storage(SqliteStorage.open(directory.resolve("cdp.db")))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .emailSender(message -> DeliveryOutcome.permanent("mailbox rejected"))
        .build();
    DashboardServer server = DashboardServer.create(platform, new InMemoryChartStore(), DashboardAccess.withToken(DashboardFixture.TOKEN));
    try (platform) {
      InetSocketAddress bound = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String id = platform.cdp().identify(Identify.builder().email("rita@example.com").set("first_name", "Rita").build()).id();
      platform.workflows().save(Workflow.fromJson("{\"name\":\"hello\",\"trigger\":{\"type\":\"broadcastOnly\"},"
          + "\"consent\":{\"ignoreConsent\":true},\"steps\":[{\"type\":\"sendEmail\",\"id\":\"hi\",\"templateId\":\"hi\","
          + "\"addressProperty\":\"$identifier.email\",\"subject\":\"Hi\",\"textBody\":\"Hi\",\"tags\":[]}]}"));
      String enrollment = platform.workflows().enroll("hello", id).orElseThrow().id();
      platform.runDue(NOW);
      assertThat(platform.workflows().findEnrollment(enrollment).orElseThrow().state()).isEqualTo(EnrollmentState.FAILED);

      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + bound.getPort() + "/api/workflows/";
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "hello"))
          .header("Authorization", "Bearer " + DashboardFixture.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      JsonNode failed = JSON.readTree(page.body()).path("failed");
      assertThat(failed).hasSize(1);
      assertThat(failed.get(0).path("customer").asText()).isEqualTo("Rita");
      assertThat(failed.get(0).path("reason").asText()).contains("mailbox rejected");
      assertThat(failed.get(0).path("step").asText()).isEqualTo("hi");

      HttpResponse<String> retried = http.send(HttpRequest.newBuilder(URI.create(base + "enrollments/" + enrollment + "/retry"))
          .header("Authorization", "Bearer " + DashboardFixture.TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
      assertThat(platform.workflows().findEnrollment(enrollment).orElseThrow().state()).isNotEqualTo(EnrollmentState.FAILED);
      HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(base + "enrollments/" + enrollment + "/retry"))
          .header("Authorization", "Bearer " + DashboardFixture.TOKEN).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(again.statusCode()).as("retrying an enrollment that is not failed").isEqualTo(409);
    } finally {
      server.stop();
    }
  }
}
