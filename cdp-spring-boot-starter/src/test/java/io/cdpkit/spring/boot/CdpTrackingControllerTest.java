package io.cdpkit.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.identity.Identifier;
import io.cdpkit.core.tracking.TrackingMessages;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.http.HttpStatus;

final class CdpTrackingControllerTest {
  private static final String BASIC = "Basic "
      + Base64.getEncoder().encodeToString("wk-secret:".getBytes(StandardCharsets.UTF_8));

  private final Cdp cdp = Cdp.inMemory();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CdpTrackingController controller =
      new CdpTrackingController(TrackingMessages.of(cdp), "wk-secret", registry);

  @AfterEach
  void close() {
    cdp.close();
  }

  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void identifyWithTheKey_storesTheProfile() {
    var response = controller.ingest("identify", BASIC,
        json("{\"userId\": \"u-1\", \"traits\": {\"email\": \"ann@example.com\"}}"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).containsEntry("messages", 1);
    assertThat(cdp.findProfile(Identifier.email("ann@example.com"))).isPresent();
  }

  @Test
  void bearerKey_isAccepted() {
    var response = controller.ingest("track", "Bearer wk-secret",
        json("{\"userId\": \"u-1\", \"event\": \"Order Completed\"}"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(cdp.countEvents()).isPositive();
  }

  @Test
  void wrongOrMissingKey_isRefusedAndStoresNothing() {
    assertThat(controller.ingest("track", "Bearer other", json("{\"userId\": \"u\", \"event\": \"x\"}"))
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(controller.ingest("track", null, json("{\"userId\": \"u\", \"event\": \"x\"}"))
        .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    assertThat(cdp.countEvents()).isZero();
  }

  @Test
  void messageBreakingARule_is400AndCountedAsRejected() {
    var response = controller.ingest("track", BASIC, json("{\"event\": \"x\"}"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(response.getBody()).containsEntry("error", "invalid_input");
    assertThat(registry.get("cdp.events.rejected").tag("source", "tracking").counter().count()).isEqualTo(1);
  }

  @Test
  void batch_storesTheGoodMessagesAndListsTheBadOnes() {
    var response = controller.ingest("batch", BASIC, json("{\"batch\": ["
        + "{\"type\": \"track\", \"userId\": \"u-1\", \"event\": \"a\"},"
        + "{\"type\": \"track\", \"event\": \"b\"}]}"));
    assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
    assertThat(response.getBody()).containsEntry("messages", 1);
    assertThat(registry.get("cdp.events.rejected").counter().count()).isEqualTo(1);
  }

  @Test
  void unknownType_is404() {
    assertThat(controller.ingest("purchase", BASIC, json("{}")).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
  }

  @Test
  void enabledWithoutWriteKey_failsAtStartup() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CdpAutoConfiguration.class, CdpTrackingAutoConfiguration.class))
        .withPropertyValues("cdp.tracking.enabled=true", "cdp.scheduler.enabled=false")
        .run(context -> assertThat(context).getFailure().rootCause()
            .hasMessageContaining("cdp.tracking.write-key"));
  }

  @Test
  void enabledWithWriteKey_registersTheEndpoint() {
    new WebApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CdpAutoConfiguration.class, CdpTrackingAutoConfiguration.class))
        .withPropertyValues("cdp.tracking.enabled=true", "cdp.tracking.write-key=wk", "cdp.scheduler.enabled=false")
        .run(context -> assertThat(context).hasSingleBean(CdpTrackingController.class));
  }
}
