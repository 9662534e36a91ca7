package io.cdpkit.app.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cdpkit.core.Cdp;
import java.io.IOException;
import java.util.Objects;

/** {@code GET /api/event-types}: the event types with their counts, for the pages' pickers. */
final class EventTypesApi implements ApiHandler {
  private final Cdp cdp;

  EventTypesApi(Cdp cdp) {
    this.cdp = Objects.requireNonNull(cdp, "cdp");
  }

  @Override
  public void handle(ApiRequest request) throws IOException {
    if (!request.path().isEmpty()) {
      throw new NotFoundException("no endpoint event-types/" + String.join("/", request.path()));
    }
    request.allow("GET");
    ArrayNode types = ChartJson.MAPPER.createArrayNode();
    cdp.eventTypes().forEach(type -> types.addObject().put("type", type.type()).put("count", type.count()));
    request.sendJson(200, types);
  }
}
