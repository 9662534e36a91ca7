package io.cdpkit.app.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.core.Track;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.predictions.Prediction;
import io.cdpkit.predictions.Predictions;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile page's predictions: the values with the fit's time, or absent with the reason. */
final class DashboardPredictionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @TempDir Path directory;
  private CdpPlatform platform;
  private Predictions predictions;
  private DashboardServer server;
  private String base;

  @BeforeEach
  void start() {
    platform = CdpPlatform.builder().storage(SqliteStorage.open(directory.resolve("cdp.db")))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC).build();
    predictions = Predictions.builder(platform.cdp()).build();
    server = DashboardServer.create(platform, new InMemoryChartStore(), DashboardAccess.withToken(DashboardFixture.TOKEN),
        DashboardOptions.none().predictions(predictions));
    InetSocketAddress bound = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    base = "http://127.0.0.1:" + bound.getPort();
  }

  @AfterEach
  void stop() {
    server.stop();
    predictions.close();
    platform.close();
  }

  private JsonNode predictionsOf(String profileId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/api/profiles/" + profileId))
            .header("Authorization", "Bearer " + DashboardFixture.TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).path("predictions");
  }

  /** {@code count} customers ordering every few weeks for a while, some of them stopping early. */
  private static void customers(Cdp cdp, int count) {
    Random random = new Random(7);
    List<Track> orders = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = "c" + i;
      cdp.identify(Identify.builder().profileId(id).email(id + "@example.com").build());
      Instant at = NOW.minus(Duration.ofDays(200 + random.nextInt(150)));
      int repeats = random.nextInt(6);
      for (int order = 0; order <= repeats && at.isBefore(NOW); order++) {
        orders.add(Track.builder("purchase").profileId(id).timestamp(at).property("amount", 20 + random.nextInt(80)).build());
        at = at.plus(Duration.ofDays(10 + random.nextInt(60)));
      }
    }
    cdp.trackAll(orders);
  }

  @Test
  void beforeAnyFit_thePageSaysWhyThereAreNone() throws Exception {
    String id = platform.cdp().identify(Identify.builder().email("ann@example.com").build()).id();
    JsonNode shown = predictionsOf(id);
    assertThat(shown.path("available").asBoolean()).isFalse();
    assertThat(shown.path("reason").asText()).contains("cdp predictions fit");
  }

  @Test
  void aFitOnThinData_isAbsentWithTheFitsReason() throws Exception {
    customers(platform.cdp(), 10);
    predictions.fit();
    JsonNode shown = predictionsOf("c1");
    assertThat(shown.path("available").asBoolean()).isFalse();
    assertThat(shown.path("fittedAt").asText()).isEqualTo("2026-12-07 12:00:00");
    assertThat(shown.path("reason").asText()).startsWith("The last fit had too little data: ")
        .contains(predictions.latestFit().orElseThrow().notes().get(0));
    assertThat(shown.has("orderLikelihood")).isFalse();
  }

  @Test
  void aFittedCustomer_showsEveryPredictionWithTheFitTime_andOneWithoutOrdersSaysSo() throws Exception {
    customers(platform.cdp(), 300);
    assertThat(predictions.fit().predicts()).as("%s", predictions.latestFit()).isTrue();
    Prediction expected = predictions.find("c3").orElseThrow();

    JsonNode shown = predictionsOf("c3");
    assertThat(shown.path("available").asBoolean()).isTrue();
    assertThat(shown.path("fittedAt").asText()).isEqualTo("2026-12-07 12:00:00");
    assertThat(shown.path("horizonDays").asInt()).isEqualTo(30);
    assertThat(shown.path("orderLikelihood").asDouble()).isEqualTo(expected.orderLikelihood());
    assertThat(shown.path("expectedOrders").asDouble()).isEqualTo(expected.expectedOrders());
    assertThat(shown.path("engagement").asText()).isIn("high", "medium", "low");
    assertThat(shown.path("winbackZone").asBoolean()).isEqualTo(expected.winbackZone());
    assertThat(shown.has("timeToNextOrder")).isTrue();
    assertThat(shown.path("predictedValue").asDouble()).isEqualTo(expected.predictedValue());

    String newcomer = platform.cdp().identify(Identify.builder().email("new@example.com").build()).id();
    JsonNode none = predictionsOf(newcomer);
    assertThat(none.path("available").asBoolean()).isFalse();
    assertThat(none.path("reason").asText()).contains("No orders");
  }
}
