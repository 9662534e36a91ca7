package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.consent.ReachabilityCounts;
import java.io.IOException;
import java.util.List;
import java.util.Objects;

/** {@code GET /api/overview}: profile and event counts, reachable profiles per channel, the clock's now. */
final class OverviewApi implements ApiHandler {
  /** The channels whose reachable profiles the overview counts. */
  static final List<String> CHANNELS = List.of("email", "sms", "whatsapp", "push");

  private final Cdp cdp;
  private final Labels labels;

  OverviewApi(Cdp cdp, Labels labels) {
    this.cdp = Objects.requireNonNull(cdp, "cdp");
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    if (!request.path().isEmpty()) {
      throw new NotFoundException("no endpoint " + String.join("/", request.path()));
    }
    request.allow("GET");
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    json.put("profiles", cdp.countProfiles());
    json.put("events", cdp.countEvents());
    json.put("now", labels.time(cdp.clock().instant()));
    json.put("zone", labels.zone().getId());
    ArrayNode reachable = json.putArray("reachability");
    for (String channel : CHANNELS) {
      ReachabilityCounts counts = cdp.reachabilityCounts(channel);
      reachable.addObject().put("channel", channel).put("total", counts.total()).put("reachable", counts.reachable());
    }
    request.sendJson(200, json);
  }
}
