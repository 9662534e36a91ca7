package io.cdpkit.app.dashboard;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The dashboard's files: the page with the token and the Chart.js version filled in, its own
 * scripts and styles ({@code /static/NAME.EXT}) and Chart.js from its WebJar ({@code
 * /webjars/chart.js/...}). No other classpath resource is ever served. Immutable.
 */
final class StaticFiles {
  private static final String RESOURCES = "/io/cdpkit/app/dashboard/static/";
  private static final String CHARTJS = "/webjars/chart.js/";
  private static final String CHARTJS_PROPERTIES = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "map", "application/json; charset=utf-8",
      "png", "image/png");

  private final String chartJsVersion = chartJsVersion();

  /** Whether the path names one of the page's files or a Chart.js file (not the page itself). */
  boolean serves(String path, List<String> parts) {
    return path.startsWith("/static/") && parts.size() == 2 && parts.get(1).matches("[A-Za-z0-9_-]+\\.[a-z]+")
        || path.startsWith(CHARTJS) && !parts.contains("..") && TYPES.containsKey(extension(path));
  }

  /** Sends a file {@link #serves} accepted. */
  void send(HttpExchange exchange, String path, List<String> parts) throws IOException {
    sendResource(exchange, path.startsWith(CHARTJS) ? "/META-INF/resources" + path : RESOURCES + parts.get(1));
  }

  /** The page, which carries the token for its scripts' requests. */
  void sendPage(HttpExchange exchange, String token) throws IOException {
    byte[] page = resource(RESOURCES + "index.html").orElseThrow(() -> new NotFoundException("no index.html"));
    // The token goes into the page so that its scripts can send it in the Authorization header:
    // the page itself is served only to requests that carried it, under an allowed Host.
    String html = new String(page, StandardCharsets.UTF_8)
        .replace("{{chartjs}}", chartJsVersion)
        .replace("{{token}}", token);
    exchange.getResponseHeaders().set("Content-Type", TYPES.get("html"));
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    ApiRequest.sendBytes(exchange, 200, html.getBytes(StandardCharsets.UTF_8));
  }

  private void sendResource(HttpExchange exchange, String name) throws IOException {
    String extension = extension(name);
    if (!TYPES.containsKey(extension)) {
      throw new NotFoundException("no file " + exchange.getRequestURI().getPath());
    }
    byte[] bytes = resource(name).orElseThrow(() -> new NotFoundException("no file " + exchange.getRequestURI().getPath()));
    exchange.getResponseHeaders().set("Content-Type", TYPES.get(extension));
    exchange.getResponseHeaders().set("Cache-Control", "max-age=3600");
    ApiRequest.sendBytes(exchange, 200, bytes);
  }

  private static String extension(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static Optional<byte[]> resource(String name) throws IOException {
    try (InputStream in = StaticFiles.class.getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    }
  }

  private static String chartJsVersion() {
    try (InputStream in = StaticFiles.class.getResourceAsStream(CHARTJS_PROPERTIES)) {
      if (in == null) {
        throw new IllegalStateException("the Chart.js WebJar (org.webjars.npm:chart.js) is not on the classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return Objects.requireNonNull(properties.getProperty("version"), "version in " + CHARTJS_PROPERTIES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + CHARTJS_PROPERTIES, e);
    }
  }
}
