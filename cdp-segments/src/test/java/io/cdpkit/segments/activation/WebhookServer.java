package io.cdpkit.segments.activation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** A local receiver on 127.0.0.1: records each request, applies each idempotency key once. */
final class WebhookServer implements AutoCloseable {
  record Received(Map<String, List<String>> headers, byte[] body) {}

  private final HttpServer server;
  final List<Received> requests = new ArrayList<>();
  final Map<String, JsonNode> applied = new LinkedHashMap<>();
  /** Statuses to answer next (without applying); then 200. */
  final Deque<Integer> script = new ArrayDeque<>();
  volatile long delayMillis;

  WebhookServer() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/hook", exchange -> {
      try (exchange) {
        byte[] body = exchange.getRequestBody().readAllBytes();
        int status;
        synchronized (this) {
          requests.add(new Received(Map.copyOf(exchange.getRequestHeaders()), body));
          Integer scripted = script.poll();
          status = scripted == null ? 200 : scripted;
          if (status == 200) {
            applied.putIfAbsent(exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                new ObjectMapper().readTree(body));
          }
        }
        if (delayMillis > 0) {
          try {
            Thread.sleep(delayMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (status == 503) {
          exchange.getResponseHeaders().set("Retry-After", "120");
        }
        exchange.sendResponseHeaders(status, -1);
      }
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
