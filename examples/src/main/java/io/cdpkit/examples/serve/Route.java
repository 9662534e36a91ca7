package io.cdpkit.examples.serve;

import io.cdpkit.core.tracking.MessageType;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a request path goes: a batch, or one message of a type. Accepts the paths the official
 * clients use with their default settings: {@code /v1/batch} and {@code /v1/import} (Segment's
 * Java library), the typed paths and analytics.js's one-letter short paths, each with or without
 * trailing slashes.
 *
 * @param type the message type the path implies, or null for a batch
 */
record Route(@Nullable MessageType type) {
  private static final Route BATCH = new Route(null);
  private static final Map<String, Route> PATHS = Map.ofEntries(
      Map.entry("/v1/batch", BATCH),
      Map.entry("/v1/import", BATCH),
      Map.entry("/v1/b", BATCH),
      Map.entry("/v1/identify", new Route(MessageType.IDENTIFY)),
      Map.entry("/v1/i", new Route(MessageType.IDENTIFY)),
      Map.entry("/v1/track", new Route(MessageType.TRACK)),
      Map.entry("/v1/t", new Route(MessageType.TRACK)),
      Map.entry("/v1/page", new Route(MessageType.PAGE)),
      Map.entry("/v1/p", new Route(MessageType.PAGE)),
      Map.entry("/v1/screen", new Route(MessageType.SCREEN)),
      Map.entry("/v1/s", new Route(MessageType.SCREEN)),
      Map.entry("/v1/alias", new Route(MessageType.ALIAS)),
      Map.entry("/v1/a", new Route(MessageType.ALIAS)),
      Map.entry("/v1/group", new Route(MessageType.GROUP)),
      Map.entry("/v1/g", new Route(MessageType.GROUP)));

  /** The route of a request path, trailing slashes ignored. */
  static Optional<Route> of(String path) {
    String trimmed = path;
    while (trimmed.length() > 1 && trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return Optional.ofNullable(PATHS.get(trimmed));
  }

  boolean batch() {
    return type == null;
  }
}
