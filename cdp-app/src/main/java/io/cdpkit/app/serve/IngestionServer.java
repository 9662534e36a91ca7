package io.cdpkit.app.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpException;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.StorageException;
import io.cdpkit.core.tracking.MessageType;
import io.cdpkit.core.tracking.TrackingMessages;
import io.cdpkit.core.tracking.TrackingResult;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint that receives tracking messages ({@code POST /v1/batch}, {@code /v1/identify},
 * {@code /v1/track}, {@code /v1/page}, {@code /v1/screen}, {@code /v1/alias}, {@code /v1/group})
 * and applies them to a {@link Cdp} with {@link TrackingMessages}, on the JDK's {@link
 * HttpServer}. Thread-safe; start once, stop once.
 *
 * <pre>{@code
 * IngestionServer server = IngestionServer.builder(cdp).writeKey("wk-secret").build();
 * InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 8088));
 * // curl -u wk-secret: -H 'Content-Type: application/json' \
 * //   -d '{"userId":"u1","event":"Signed Up"}' http://127.0.0.1:8088/v1/track
 * server.stop();
 * }</pre>
 *
 * <p>Authentication: the write key as the user name of HTTP Basic authentication with an empty
 * password (what Segment's libraries send), or {@code Authorization: Bearer KEY}. Answers: 200
 * {@code {"success":true,"messages":N,"duplicates":D}} once the Cdp call returned, which is after
 * the store committed; 400 with {@code {"error":"invalid_input","field":...,"rule":...}} for
 * malformed JSON or a bad or missing field (nothing stored); 401 for a missing or wrong key; 404 for
 * another path; 405 for another method; 413 for a body over the limit (counted after gzip
 * decoding, {@code Content-Encoding: gzip} being accepted); 415 for a non-JSON content type; 503
 * when the store failed (retry).
 */
public final class IngestionServer {
  private static final Logger log = LoggerFactory.getLogger(IngestionServer.class);
  /** The default body limit, 512 KiB: Segment's batch limit is 500 KB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 512 * 1024;
  private static final String BATCH = "/v1/batch";
  private static final String HEALTH = "/health";
  private static final Map<String, MessageType> TYPED_PATHS = Map.of(
      "/v1/identify", MessageType.IDENTIFY,
      "/v1/track", MessageType.TRACK,
      "/v1/page", MessageType.PAGE,
      "/v1/screen", MessageType.SCREEN,
      "/v1/alias", MessageType.ALIAS,
      "/v1/group", MessageType.GROUP);

  private final Cdp cdp;
  private final TrackingMessages tracking;
  private final byte[] writeKey;
  private final int maxBodyBytes;
  private final int threads;
  private final Object lock = new Object();
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;
  private boolean started;
  private final AtomicInteger inFlight = new AtomicInteger();

  private IngestionServer(Builder builder) {
    this.cdp = builder.cdp;
    this.tracking = TrackingMessages.builder(builder.cdp).source(builder.source).build();
    this.writeKey = Objects.requireNonNull(builder.writeKey, "writeKey").getBytes(StandardCharsets.UTF_8);
    this.maxBodyBytes = builder.maxBodyBytes;
    this.threads = builder.threads;
  }

  public static Builder builder(Cdp cdp) {
    return new Builder(cdp);
  }

  /**
   * Binds and starts serving.
   *
   * @return the bound address (with the real port when {@code address} asked for port 0)
   * @throws IllegalStateException when started before
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public InetSocketAddress start(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("the server was already started");
      }
      started = true;
      HttpServer http;
      try {
        http = HttpServer.create(address, 0);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("cannot bind " + address, e);
      }
      ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
        Thread thread = new Thread(runnable, "cdp-ingestion");
        thread.setDaemon(true);
        return thread;
      });
      http.setExecutor(pool);
      http.createContext("/", this::handle);
      http.createContext(HEALTH, this::health);
      http.start();
      server = http;
      executor = pool;
      log.info("Ingestion endpoint listening on {}", http.getAddress());
      return http.getAddress();
    }
  }

  /** Stops accepting requests, lets running ones finish (at most a second), frees the port. */
  public void stop() {
    synchronized (lock) {
      HttpServer http = server;
      ExecutorService pool = executor;
      if (http == null || pool == null) {
        return;
      }
      awaitRunningRequests();
      http.stop(0);
      pool.shutdown();
      try {
        if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
          pool.shutdownNow();
        }
      } catch (InterruptedException e) {
        pool.shutdownNow();
        Thread.currentThread().interrupt();
      }
      server = null;
      executor = null;
      log.info("Ingestion endpoint stopped");
    }
  }

  /**
   * Waits up to a second for requests being handled. (HttpServer.stop(delay) of JDK 17 always
   * waits the whole delay, so the server is stopped with no delay after this.)
   */
  private void awaitRunningRequests() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** {@code GET /health}, without a write key: 200 while the store answers a read, else 503. */
  private void health(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals(HEALTH)) {
        error(exchange, 404, "not_found", "no such path");
        return;
      }
      boolean up;
      try {
        up = cdp.storage().read(session -> Boolean.TRUE);
      } catch (RuntimeException e) {
        log.warn("health check: the store did not answer", e);
        up = false;
      }
      send(exchange, up ? 200 : 503, JsonNodeFactory.instance.objectNode().put("status", up ? "ok" : "down"));
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (!path.equals(BATCH) && !TYPED_PATHS.containsKey(path)) {
        error(exchange, 404, "not_found", "no endpoint " + path
            + "; POST to /v1/batch, /v1/identify, /v1/track, /v1/page, /v1/screen, /v1/alias or /v1/group");
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        error(exchange, 405, "method_not_allowed", exchange.getRequestMethod() + " is not allowed; use POST");
        return;
      }
      if (!authorised(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"cdp\"");
        error(exchange, 401, "unauthorized", "a valid write key is required (Basic user name or Bearer)");
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")
          && !contentType.toLowerCase(Locale.ROOT).startsWith("text/plain")) {
        error(exchange, 415, "unsupported_media_type", "send application/json, not " + contentType);
        return;
      }
      byte[] body;
      try {
        body = readBody(exchange);
      } catch (ZipException e) {
        error(exchange, 400, "invalid_input", "the body is not valid gzip: " + e.getMessage());
        return;
      }
      if (body == null) {
        error(exchange, 413, "payload_too_large", "the body must be at most " + maxBodyBytes + " bytes");
        return;
      }
      ingest(exchange, path, body);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void ingest(HttpExchange exchange, String path, byte[] body) throws IOException {
    TrackingResult result;
    try {
      result = path.equals(BATCH)
          ? tracking.ingestBatch(body)
          : tracking.ingest(Objects.requireNonNull(TYPED_PATHS.get(path)), body);
    } catch (InvalidInputException e) {
      ObjectNode json = JsonNodeFactory.instance.objectNode()
          .put("error", "invalid_input").put("field", e.field()).put("rule", e.rule())
          .put("message", e.getMessage());
      send(exchange, 400, json);
      return;
    } catch (StorageException e) {
      log.warn("Ingestion failed in the store; the sender should retry", e);
      error(exchange, 503, "storage_unavailable", "the store failed; retry later");
      return;
    } catch (CdpException e) {
      error(exchange, 422, "refused", e.getMessage());
      return;
    }
    send(exchange, 200, JsonNodeFactory.instance.objectNode().put("success", true)
        .put("messages", result.messages()).put("duplicates", result.duplicates()));
  }

  /**
   * The body, or null when it is larger than the limit (before or after gzip decoding).
   *
   * @throws ZipException when a gzip body is corrupt
   */
  private byte @Nullable [] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBodyBytes) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    InputStream in = exchange.getRequestBody();
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    if (encoding != null && encoding.equalsIgnoreCase("gzip")) {
      in = new GZIPInputStream(in);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int total = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      total += n;
      if (total > maxBodyBytes) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private boolean authorised(@Nullable String header) {
    if (header == null) {
      return false;
    }
    String given;
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return false;
      }
      int colon = decoded.indexOf(':');
      given = colon < 0 ? decoded : decoded.substring(0, colon);
    } else if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      given = header.substring(7).trim();
    } else {
      return false;
    }
    return MessageDigest.isEqual(writeKey, given.getBytes(StandardCharsets.UTF_8));
  }

  private static void error(HttpExchange exchange, int status, String code, @Nullable String message)
      throws IOException {
    send(exchange, status, JsonNodeFactory.instance.objectNode().put("error", code).put("message", message));
  }

  private static void send(HttpExchange exchange, int status, ObjectNode json) throws IOException {
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * Serves a SQLite file until the process is stopped: {@code IngestionServer FILE [--host H]
   * [--port P]}, the write key read from the environment variable {@code CDP_WRITE_KEY}. Defaults:
   * host 127.0.0.1, port 8088.
   */
  public static void main(String[] args) throws InterruptedException {
    if (args.length == 0 || args.length % 2 == 0) {
      System.err.println("usage: IngestionServer FILE [--host HOST] [--port PORT]"
          + " (write key in CDP_WRITE_KEY)");
      System.exit(2);
    }
    String host = "127.0.0.1";
    int port = 8088;
    for (int i = 1; i < args.length; i += 2) {
      switch (args[i]) {
        case "--host" -> host = args[i + 1];
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        default -> {
          System.err.println("unknown option " + args[i]);
          System.exit(2);
        }
      }
    }
    String key = System.getenv("CDP_WRITE_KEY");
    if (key == null || key.isBlank()) {
      System.err.println("set the write key in the environment variable CDP_WRITE_KEY");
      System.exit(2);
    }
    Cdp cdp = Cdp.builder().storage(SqliteStorage.open(Path.of(args[0]))).build();
    IngestionServer server = IngestionServer.builder(cdp).writeKey(key).build();
    InetSocketAddress bound = server.start(new InetSocketAddress(host, port));
    System.out.println("Serving " + args[0] + " on http://" + bound.getHostString() + ":"
        + bound.getPort() + "/v1/");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.stop();
      cdp.close();
      stopped.countDown();
    }, "cdp-ingestion-shutdown"));
    stopped.await();
  }

  /** Configures an {@link IngestionServer}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private final Cdp cdp;
    private @Nullable String writeKey;
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int threads = 4;
    private String source = TrackingMessages.DEFAULT_SOURCE;

    private Builder(Cdp cdp) {
      this.cdp = Objects.requireNonNull(cdp, "cdp");
    }

    /** The write key senders must present; required, at least 8 characters. */
    public Builder writeKey(String key) {
      Objects.requireNonNull(key, "key");
      if (writeKey != null) {
        throw new IllegalStateException("writeKey was already set");
      }
      if (key.strip().length() < 8 || !key.strip().equals(key) || key.contains(":")) {
        throw new IllegalArgumentException(
            "writeKey must be at least 8 characters, without surrounding spaces or ':'");
      }
      this.writeKey = key;
      return this;
    }

    /** The largest body accepted, 1 KiB to 64 MiB; {@value IngestionServer#DEFAULT_MAX_BODY_BYTES} by default. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1024 || bytes > 64 * 1024 * 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be 1024 to 67108864, was " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /** Request threads, 1 to 64; 4 by default. */
    public Builder threads(int count) {
      if (count < 1 || count > 64) {
        throw new IllegalArgumentException("threads must be 1 to 64, was " + count);
      }
      this.threads = count;
      return this;
    }

    /** The source recorded on what is stored; {@value TrackingMessages#DEFAULT_SOURCE} by default. */
    public Builder source(String name) {
      this.source = Objects.requireNonNull(name, "name");
      return this;
    }

    /** @throws IllegalStateException when no write key was set */
    public IngestionServer build() {
      if (writeKey == null) {
        throw new IllegalStateException("a writeKey is required");
      }
      return new IngestionServer(this);
    }
  }
}
