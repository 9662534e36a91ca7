package io.cdpkit.examples.serve;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.CdpException;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.StorageException;
import io.cdpkit.core.tracking.MessageType;
import io.cdpkit.core.tracking.Rejection;
import io.cdpkit.core.tracking.TrackingMessages;
import io.cdpkit.core.tracking.TrackingResult;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
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
 * An HTTP endpoint that receives tracking messages and applies them to a {@link Cdp} with {@link
 * TrackingMessages}, on the JDK's {@link HttpServer}. It accepts what the official Segment and
 * RudderStack clients send with their default settings. Thread-safe; start once, stop once.
 *
 * <pre>{@code
 * IngestionServer server = IngestionServer.builder(cdp).writeKey("wk-secret")
 *     .corsOrigin("https://shop.example.com").build();
 * InetSocketAddress bound = server.start(new InetSocketAddress("127.0.0.1", 8088));
 * // curl -u wk-secret: -d '{"userId":"u1","event":"Signed Up"}' http://127.0.0.1:8088/v1/track
 * server.stop();
 * }</pre>
 *
 * <p>Paths ({@code POST}, trailing slashes ignored): {@code /v1/batch}, {@code /v1/import} and
 * {@code /v1/b} take a batch; {@code /v1/identify}, {@code /v1/track}, {@code /v1/page}, {@code
 * /v1/screen}, {@code /v1/alias}, {@code /v1/group} and their analytics.js short forms {@code
 * /v1/i}, {@code /v1/t}, {@code /v1/p}, {@code /v1/s}, {@code /v1/a}, {@code /v1/g} take one
 * message. The body is JSON whatever the {@code Content-Type} says (clients send {@code
 * text/plain}, form types or none), gzip-compressed when {@code Content-Encoding: gzip} says so or
 * its first bytes show it. The write key: the user name of HTTP Basic authentication, {@code
 * Authorization: Bearer KEY}, or the body's {@code writeKey}. Browsers on the configured {@link
 * Builder#corsOrigin origins} get CORS preflight answers and headers.
 *
 * <p>Answers: 200 {@code {"success":true,"messages":N,"duplicates":D}} once the Cdp call returned,
 * which is after the store committed, with {@code "rejected":[{"index":I,"field":F,"rule":R}]}
 * listing the messages of a batch that broke a rule and were not stored (the others were); 400 with {@code {"error":"invalid_input","field":...,
 * "rule":...}} for malformed JSON or a single message with a bad or missing field (nothing stored); 401 for a missing or
 * wrong key; 403 for a preflight from another origin; 404 for another path; 405 for another
 * method; 413 for a body over the limit (counted before and after gzip decoding); 415 for a body
 * that is not JSON under a non-JSON content type; 503 when the store failed (retry). Every refused
 * request is logged at WARN with its path, status, client and field.
 */
public final class IngestionServer {
  private static final Logger log = LoggerFactory.getLogger(IngestionServer.class);
  /** The default body limit, 512 KiB: Segment's batch limit is 500 KB. Batches are bounded by it, not by a count. */
  public static final int DEFAULT_MAX_BODY_BYTES = 512 * 1024;

  private final TrackingMessages tracking;
  private final WriteKeys writeKeys;
  private final Cors cors;
  private final int maxBodyBytes;
  private final int threads;
  private final Object lock = new Object();
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;
  private boolean started;
  private final AtomicInteger inFlight = new AtomicInteger();

  private IngestionServer(Builder builder) {
    TrackingMessages.Builder tracking = TrackingMessages.builder(builder.cdp).source(builder.source);
    if (builder.phoneRegion != null) {
      tracking.phoneRegion(builder.phoneRegion);
    }
    this.tracking = tracking.build();
    this.writeKeys = new WriteKeys(Objects.requireNonNull(builder.writeKey, "writeKey"));
    this.cors = new Cors(builder.corsOrigins);
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

  private void handle(HttpExchange exchange) throws IOException {
    inFlight.incrementAndGet();
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      if (cors.allows(origin)) {
        cors.answer(exchange.getResponseHeaders(), Objects.requireNonNull(origin));
      }
      Route route = Route.of(path).orElse(null);
      if (route == null) {
        refuse(exchange, path, 404, "not_found", "no endpoint " + path
            + "; POST to /v1/batch, /v1/identify, /v1/track, /v1/page, /v1/screen, /v1/alias or /v1/group");
        return;
      }
      if (exchange.getRequestMethod().equals("OPTIONS")) {
        preflight(exchange, path, origin);
        return;
      }
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST, OPTIONS");
        refuse(exchange, path, 405, "method_not_allowed",
            exchange.getRequestMethod() + " is not allowed; use POST");
        return;
      }
      byte[] body;
      try {
        body = readBody(exchange);
      } catch (ZipException | EOFException e) {
        refuse(exchange, path, 400, "invalid_input", "the body is not valid gzip: " + e.getMessage());
        return;
      }
      if (body == null) {
        refuse(exchange, path, 413, "payload_too_large", "the body must be at most " + maxBodyBytes + " bytes");
        return;
      }
      if (!writeKeys.presented(exchange.getRequestHeaders().getFirst("Authorization"), body)) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"cdp\"");
        refuse(exchange, path, 401, "unauthorized",
            "a valid write key is required (Basic user name, Bearer, or the body's writeKey)");
        return;
      }
      ingest(exchange, path, route, body);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  /** Answers a CORS preflight: 204 with the CORS headers for a configured origin, else 403. */
  private void preflight(HttpExchange exchange, String path, @Nullable String origin) throws IOException {
    if (!cors.allows(origin)) {
      refuse(exchange, path, 403, "origin_not_allowed",
          "origin " + origin + " is not configured for cross-origin requests");
      return;
    }
    cors.preflight(exchange.getResponseHeaders(), Objects.requireNonNull(origin),
        exchange.getRequestHeaders().getFirst("Access-Control-Request-Headers"));
    exchange.sendResponseHeaders(204, -1);
  }

  private void ingest(HttpExchange exchange, String path, Route route, byte[] body) throws IOException {
    TrackingResult result;
    try {
      MessageType type = route.type();
      result = type == null ? tracking.ingestBatch(body) : tracking.ingest(type, body);
    } catch (InvalidInputException e) {
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (e.field().equals("body") && contentType != null && !looksLikeJson(contentType)) {
        refuse(exchange, path, 415, "unsupported_media_type",
            "the body is neither JSON nor gzip-compressed JSON (Content-Type " + contentType + ")");
        return;
      }
      log.warn("Refused {} status=400 client={} field={} rule={}", path, client(exchange), e.field(), e.rule());
      ObjectNode json = JsonNodeFactory.instance.objectNode()
          .put("error", "invalid_input").put("field", e.field()).put("rule", e.rule())
          .put("message", e.getMessage());
      send(exchange, 400, json);
      return;
    } catch (StorageException e) {
      log.warn("Ingestion failed in the store; the sender should retry", e);
      refuse(exchange, path, 503, "storage_unavailable", "the store failed; retry later");
      return;
    } catch (CdpException e) {
      refuse(exchange, path, 422, "refused", e.getMessage());
      return;
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode().put("success", true)
        .put("messages", result.messages()).put("duplicates", result.duplicates());
    if (!result.rejected().isEmpty()) {
      ArrayNode rejected = answer.putArray("rejected");
      for (Rejection rejection : result.rejected()) {
        log.warn("Rejected a message of {} status=200 client={} field={} rule={}",
            path, client(exchange), rejection.field(), rejection.rule());
        rejected.addObject().put("index", rejection.index()).put("field", rejection.field())
            .put("rule", rejection.rule());
      }
    }
    send(exchange, 200, answer);
  }

  private static boolean looksLikeJson(String contentType) {
    String lower = contentType.toLowerCase(Locale.ROOT);
    return lower.contains("json") || lower.startsWith("text/plain");
  }

  /** A refused request: logged at WARN with the path, status and client, and answered. */
  private static void refuse(HttpExchange exchange, String path, int status, String code, @Nullable String message)
      throws IOException {
    log.warn("Refused {} status={} client={} error={}", path, status, client(exchange), code);
    error(exchange, status, code, message);
  }

  /** The sender: its address and user agent (which names the client library). */
  private static String client(HttpExchange exchange) {
    String agent = exchange.getRequestHeaders().getFirst("User-Agent");
    return exchange.getRemoteAddress().getAddress().getHostAddress()
        + (agent == null ? "" : " (" + agent + ")");
  }

  /**
   * The body, or null when it is larger than the limit (before or after gzip decoding). A body is
   * gzip-decoded when {@code Content-Encoding} says gzip or when it starts with gzip's magic bytes.
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
    byte[] raw = readAtMost(exchange.getRequestBody());
    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
    boolean gzip = (encoding != null && encoding.equalsIgnoreCase("gzip"))
        || (raw != null && raw.length >= 2 && (raw[0] & 0xff) == 0x1f && (raw[1] & 0xff) == 0x8b);
    if (raw == null || !gzip) {
      return raw;
    }
    return readAtMost(new GZIPInputStream(new ByteArrayInputStream(raw)));
  }

  private byte @Nullable [] readAtMost(InputStream in) throws IOException {
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
    private final Set<String> corsOrigins = new LinkedHashSet<>();
    private @Nullable String phoneRegion;

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

    /**
     * Lets browser pages on {@code origin} (such as {@code https://shop.example.com}) send
     * messages: preflight requests are answered and answers carry the CORS headers. {@code *}
     * allows every origin. None by default.
     */
    public Builder corsOrigin(String origin) {
      Objects.requireNonNull(origin, "origin");
      if (!origin.equals(Cors.ANY) && !origin.matches("https?://[^/\\s]+")) {
        throw new IllegalArgumentException(
            "corsOrigin must be * or scheme://host[:port] without a path, was " + origin);
      }
      corsOrigins.add(origin);
      return this;
    }

    /**
     * The region national phone numbers are read in, such as {@code ID}; see {@link
     * TrackingMessages.Builder#phoneRegion}.
     */
    public Builder phoneRegion(String region) {
      TrackingMessages.builder(cdp).phoneRegion(region);  // checks the region now
      this.phoneRegion = region;
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
