package io.cdpkit.examples.serve;

import com.sun.net.httpserver.Headers;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Cross-origin rules for browsers (analytics.js posts from the site's own origin): the configured
 * origins, or every origin when {@code *} is configured, get the CORS headers on preflight and on
 * the answer itself. Immutable.
 */
final class Cors {
  static final String ANY = "*";
  private static final String ALLOWED_HEADERS = "Content-Type, Authorization, Content-Encoding";

  private final Set<String> origins;

  Cors(Set<String> origins) {
    this.origins = Set.copyOf(origins);
  }

  /** Whether a request from {@code origin} may read the answer. */
  boolean allows(@Nullable String origin) {
    return origin != null && (origins.contains(ANY) || origins.contains(origin));
  }

  /** Adds the headers of an answer to {@code origin}, which {@link #allows} must have accepted. */
  void answer(Headers headers, String origin) {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Allow-Credentials", "true");
    headers.add("Vary", "Origin");
  }

  /** Adds the headers of a preflight answer to {@code origin}. */
  void preflight(Headers headers, String origin, @Nullable String requestedHeaders) {
    answer(headers, origin);
    headers.set("Access-Control-Allow-Methods", "POST, OPTIONS");
    headers.set("Access-Control-Allow-Headers",
        requestedHeaders == null || requestedHeaders.isBlank() ? ALLOWED_HEADERS : requestedHeaders);
    headers.set("Access-Control-Max-Age", "86400");
  }
}
