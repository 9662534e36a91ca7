package io.cdpkit.segments.activation;

import io.cdpkit.segments.spi.contract.SegmentDestinationContract;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;

final class WebhookDestinationContractTest extends SegmentDestinationContract {
  private final WebhookServer server = new WebhookServer();

  @AfterEach
  void stop() {
    server.close();
  }

  @Override
  protected SegmentDestination createDestination() {
    return WebhookDestination.builder("hook", server.uri()).allowedHosts(Set.of("127.0.0.1")).build();
  }

  @Override
  protected List<Applied> received() {
    synchronized (server) {
      return server.applied.values().stream().map(json -> new Applied(
          SyncBatch.Kind.valueOf(json.get("kind").asText()),
          StreamSupport.stream(json.get("added").spliterator(), false).map(m -> m.get("profileId").asText()).toList(),
          StreamSupport.stream(json.get("removed").spliterator(), false).map(m -> m.get("profileId").asText()).toList()))
          .toList();
    }
  }
}
