package io.cdpkit.workflows.spi.contract;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A scripted HTTP server on 127.0.0.1 and a free port, for the contract kits. It records every
 * request in order and answers by path:
 *
 * <ul>
 *   <li>{@code /status/NNN}: status NNN, body {@code ok};
 *   <li>{@code /retry-after/NNN/SECONDS}: status NNN with {@code Retry-After: SECONDS};
 *   <li>{@code /redirect}: 302 to {@code /status/200};
 *   <li>{@code /slow}: holds the answer until {@link #close()} (or 10 seconds), then 200;
 *   <li>anything else: 200.
 * </ul>
 */
public final class LocalHttpServer implements AutoCloseable {
  /** One request as the server saw it; header names lower case, values joined by commas. */
  public record Received(String method, String path, String query, Map<String, String> headers, String body) {
    /** The header's value, or {@code null}. */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch released = new CountDownLatch(1);

  private LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server. */
  public static LocalHttpServer start() {
    try {
      return new LocalHttpServer();
    } catch (IOException e) {
      throw new IllegalStateException("could not start the local HTTP server", e);
    }
  }

  /** {@code http://127.0.0.1:PORT} + {@code path}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** Every request so far, in order. */
  public List<Received> received() {
    return List.copyOf(received);
  }

  /** The only request so far. */
  public Received single() {
    if (received.size() != 1) {
      throw new AssertionError("expected exactly one request, got " + received);
    }
    return received.get(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      URI uri = exchange.getRequestURI();
      received.add(
          new Received(
              exchange.getRequestMethod(),
              uri.getRawPath(),
              uri.getRawQuery() == null ? "" : uri.getRawQuery(),
              flatten(exchange.getRequestHeaders()),
              new String(body, StandardCharsets.UTF_8)));
      String[] parts = uri.getPath().split("/");
      int status = 200;
      if (parts.length >= 3 && parts[1].equals("status")) {
        status = Integer.parseInt(parts[2]);
      } else if (parts.length >= 4 && parts[1].equals("retry-after")) {
        status = Integer.parseInt(parts[2]);
        exchange.getResponseHeaders().set("Retry-After", parts[3]);
      } else if (parts.length >= 2 && parts[1].equals("redirect")) {
        status = 302;
        exchange.getResponseHeaders().set("Location", uri("/status/200").toString());
      } else if (parts.length >= 2 && parts[1].equals("slow")) {
        try {
          released.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] answer = "ok".getBytes(StandardCharsets.UTF_8);
      boolean noBody = status == 204 || status == 304 || exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, noBody ? -1 : answer.length);
      if (!noBody) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }
  }

  private static Map<String, String> flatten(Headers headers) {
    return headers.entrySet().stream()
        .collect(
            Collectors.toMap(
                e -> e.getKey().toLowerCase(java.util.Locale.ROOT), e -> String.join(",", e.getValue())));
  }

  /** Releases slow answers and stops the server. */
  @Override
  public void close() {
    released.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
