package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpkit.core.Cdp;
import io.cdpkit.segments.insights.Insights;
import io.cdpkit.segments.insights.ReachabilityDay;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/overview}: profile and event counts, reachable profiles per channel, the clock's
 * now. Reachable profiles come from the store's SQL (today's row of {@link
 * Insights#reachabilityByDay}), not from reading every profile into memory per channel.
 */
final class OverviewApi implements ApiHandler {
  /** The channels whose reachable profiles the overview counts. */
  static final List<String> CHANNELS = List.of("email", "sms", "whatsapp", "push");

  private final Cdp cdp;
  private final Insights insights;
  private final Labels labels;

  OverviewApi(Cdp cdp, Insights insights, Labels labels) {
    this.cdp = Objects.requireNonNull(cdp, "cdp");
    this.insights = Objects.requireNonNull(insights, "insights");
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
    LocalDate today = cdp.clock().instant().atZone(labels.zone()).toLocalDate();
    for (String channel : CHANNELS) {
      ReachabilityDay counts = insights.reachabilityByDay(channel, today, today).get(0);
      reachable.addObject().put("channel", channel).put("total", counts.total()).put("reachable", counts.reachable());
    }
    request.sendJson(200, json);
  }
}
