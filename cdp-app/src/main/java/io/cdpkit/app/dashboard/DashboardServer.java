package io.cdpkit.app.dashboard;

import io.cdpkit.app.predictions.StoredPredictions;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdpkit.app.cli.StorageLocation;
import io.cdpkit.app.serve.ServeConfig;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard web app on the JDK's {@link HttpServer}. Every request is checked by its {@link
 * DashboardAccess}: an allowed {@code Host} and {@code Origin}, the token, and for changes the
 * token in the {@code Authorization} header and a JSON body. The page ({@code /}) calls the JSON
 * endpoints under {@code /api/AREA}, each area answered by its own handler: {@link OverviewApi},
 * {@link ProfilesApi} (with {@link ProfileApi}), {@link SegmentsApi}, {@link GroupsApi}, {@link
 * WorkflowsApi}, {@link InsightsApi}, {@link EventTypesApi}, {@link ChartsApi} and {@link SyncsApi}.
 *
 * <p>"Now" is the platform clock's: the system clock unless a fixed instant is asked for. Nothing
 * is written into the store unless a user changes something.
 *
 * <p>A bad parameter answers 400 {@code {"error":"bad_parameter","parameter":...,"message":...}};
 * an unknown id or path 404; a wrong method 405; a change refused by the data's state (a segment
 * in use) 409 with the reason; a refused request 401, 403 or 415 {@code {"error":...,"message":...}}.
 * Only the page's own files ({@code /static/}) and Chart.js (from its WebJar under {@code
 * /webjars/chart.js/}) are served from the classpath. Thread-safe; start once, stop once.
 */
public final class DashboardServer {
  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  /** The channels whose reachable profiles the overview counts. */
  public static final List<String> CHANNELS = OverviewApi.CHANNELS;
  /** The profiles table's columns when the request names none. */
  public static final List<String> DEFAULT_COLUMNS = ProfilesApi.DEFAULT_COLUMNS;

  private final Map<String, ApiHandler> areas;
  private final StaticFiles files;
  private final DashboardAccess access;
  private final Object lock = new Object();
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;
  private boolean started;

  private DashboardServer(CdpPlatform platform, ChartStore charts, DashboardAccess access,
      DashboardOptions options) {
    Segments segments = platform.segments();
    Labels labels = new Labels(platform.cdp().zone());
    ChartQueries queries = new ChartQueries(segments, platform.insights(), platform.cdp().clock());
    this.areas = Map.of(
        "overview", new OverviewApi(platform.cdp(), platform.insights(), labels),
        "event-types", new EventTypesApi(platform.cdp()),
        "profiles", new ProfilesApi(segments, labels, new PredictionJson(options.predictions(), labels)),
        "segments", new SegmentsApi(segments),
        "syncs", new SyncsApi(segments, options, labels),
        "groups", new GroupsApi(segments),
        "workflows", new WorkflowsApi(platform.workflows(), platform.cdp(), labels),
        "insights", new InsightsApi(platform.cdp(), platform.insights(), labels),
        "charts", new ChartsApi(Objects.requireNonNull(charts, "charts"), ExampleCharts.festival(), queries));
    this.files = new StaticFiles();
    this.access = Objects.requireNonNull(access, "access");
  }

  /**
   * A dashboard on the platform, at the platform clock's now and in its zone, keeping charts in
   * {@code charts}; {@code access} says who may use it. While {@code charts} holds none, the page
   * shows {@link ExampleCharts#festival()} without storing them.
   */
  public static DashboardServer create(CdpPlatform platform, ChartStore charts, DashboardAccess access) {
    return create(platform, charts, access, DashboardOptions.none());
  }

  /** Like {@link #create(CdpPlatform, ChartStore, DashboardAccess)}, showing what {@code options} adds. */
  public static DashboardServer create(CdpPlatform platform, ChartStore charts, DashboardAccess access,
      DashboardOptions options) {
    return new DashboardServer(Objects.requireNonNull(platform, "platform"), charts, access,
        Objects.requireNonNull(options, "options"));
  }

  /**
   * Starts the dashboard on a CDPKit store: {@code --db FILE|postgresql://...} (default cdp-demo.db), {@code
   * --port N} (default 8080), {@code --bind ADDRESS} (default the loopback address), {@code
   * --allowed-host NAMES} (comma-separated host names besides localhost, for a reverse proxy),
   * {@code --zone ZONE} (default the system zone), {@code --now INSTANT} (default the system
   * clock). The profile page shows the predictions of the fit {@code cdp predictions fit} keeps
   * beside the file, the segment list the syncs {@code cdp sync add} keeps. The token comes from the environment variable {@value DashboardAccess#TOKEN_VARIABLE};
   * without it a new one is made and the address to open is printed once. Stops on Ctrl-C.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = options(args);
    String db = options.getOrDefault("--db", "cdp-demo.db");
    int port = Integer.parseInt(options.getOrDefault("--port", "8080"));
    ZoneId zone = options.containsKey("--zone") ? ZoneId.of(options.get("--zone")) : ZoneId.systemDefault();
    Clock clock = options.containsKey("--now")
        ? Clock.fixed(Instant.parse(options.get("--now")), zone)
        : Clock.system(zone);
    PlatformStorage storage = StorageLocation.open(db);
    StoredPredictions predictions = new StoredPredictions(storage);
    CdpPlatform platform = CdpPlatform.builder().storage(storage).clock(clock).zone(zone)
        .queryBudget(ServeConfig.QUERY_BUDGET).computedSource(predictions).build();
    // Charts live in a SQLite file itself; on PostgreSQL they last as long as the process, as in serve.
    ChartStore charts = PostgresStorage.isUrl(db) ? new InMemoryChartStore() : SqliteChartStore.open(Path.of(db));
    // The fit in the database, and the syncs the command-line tool keeps beside it.
    DashboardOptions shown = DashboardOptions.none().predictions(predictions.predictions().orElseThrow())
        .syncs(StorageLocation.besideDatabase(db, ".syncs.json"), storage.syncStateStore());
    String configuredToken = System.getenv(DashboardAccess.TOKEN_VARIABLE);
    DashboardAccess access = (configuredToken == null || configuredToken.isBlank()
        ? DashboardAccess.generated() : DashboardAccess.withToken(configuredToken.strip()))
        .allowingHosts(options.containsKey("--allowed-host")
            ? Arrays.asList(options.get("--allowed-host").split(",")) : List.of());
    DashboardServer dashboard = create(platform, charts, access, shown);
    InetAddress bind = options.containsKey("--bind") ? address(options.get("--bind")) : InetAddress.getLoopbackAddress();
    InetSocketAddress bound = dashboard.start(new InetSocketAddress(bind, port));
    String shownToken = configuredToken == null || configuredToken.isBlank() ? access.token() : "<$" + DashboardAccess.TOKEN_VARIABLE + ">";
    System.out.println("CDPKit dashboard on http://localhost:" + bound.getPort() + "/?token=" + shownToken
        + " (bound to " + bound.getHostString() + ", now " + clock.instant().truncatedTo(ChronoUnit.SECONDS) + "); Ctrl-C stops it");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dashboard.stop();
      charts.close();
      platform.close();
      stopped.countDown();
    }, "cdp-dashboard-stop"));
    stopped.await();
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> known = List.of("--db", "--port", "--bind", "--allowed-host", "--zone", "--now");
    for (int i = 0; i < args.length; i += 2) {
      if (!known.contains(args[i]) || i + 1 >= args.length) {
        throw new IllegalArgumentException("usage: DashboardServer [--db FILE] [--port N] [--bind ADDRESS]"
            + " [--allowed-host NAMES] [--zone ZONE] [--now INSTANT]; was " + Arrays.toString(args));
      }
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalArgumentException("--bind: an IP address or local host name is needed, was '" + text + "'", e);
    }
  }

  /**
   * Binds and starts serving.
   *
   * <p>Bind to a loopback address unless a TLS-terminating reverse proxy on another host forwards
   * to it: the dashboard itself speaks plain HTTP.
   *
   * @return the bound address (with the real port when {@code address} asked for port 0)
   * @throws IllegalStateException when started before
   * @throws UncheckedIOException when the address cannot be bound
   */
  public InetSocketAddress start(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("the dashboard was already started");
      }
      started = true;
      HttpServer http;
      try {
        http = HttpServer.create(address, 0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot bind " + address, e);
      }
      ExecutorService pool = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "cdp-dashboard");
        thread.setDaemon(true);
        return thread;
      });
      http.setExecutor(pool);
      http.createContext("/", this::handle);
      http.start();
      server = http;
      executor = pool;
      log.info("Dashboard listening on {}", http.getAddress());
      return http.getAddress();
    }
  }

  /** The bound port. @throws IllegalStateException when not running */
  public int port() {
    synchronized (lock) {
      if (server == null) {
        throw new IllegalStateException("the dashboard is not running");
      }
      return server.getAddress().getPort();
    }
  }

  /** Stops serving and frees the port; the segments, Cdp and chart store stay open. */
  public void stop() {
    synchronized (lock) {
      if (server == null || executor == null) {
        return;
      }
      server.stop(0);
      executor.shutdown();
      try {
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
          executor.shutdownNow();
        }
      } catch (InterruptedException e) {
        executor.shutdownNow();
        Thread.currentThread().interrupt();
      }
      server = null;
      executor = null;
      log.info("Dashboard stopped");
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      String method = exchange.getRequestMethod();
      try {
        securityHeaders(exchange);
        String queryToken = path.equals("/") ? ApiRequest.query(exchange.getRequestURI().getRawQuery()).get("token") : null;
        Optional<DashboardAccess.Refusal> refusal = access.check(method, exchange.getRequestHeaders(), queryToken);
        if (refusal.isPresent()) {
          DashboardAccess.Refusal refused = refusal.get();
          log.warn("Dashboard refused {} {} from {}: {} ({})", method, path,
              exchange.getRemoteAddress().getAddress().getHostAddress(), refused.code(), refused.message());
          sendError(exchange, refused.status(), error(refused.code(), refused.message()));
          return;
        }
        if (queryToken != null) {
          // Trade the token in the address for a cookie, so it leaves the address bar and history.
          exchange.getResponseHeaders().set("Set-Cookie", access.sessionCookie());
          exchange.getResponseHeaders().set("Location", "/");
          exchange.sendResponseHeaders(303, -1);
          return;
        }
        route(exchange, method, path);
      } catch (BadParameterException e) {
        ObjectNode json = error("bad_parameter", e.reason());
        json.put("parameter", e.parameter());
        sendError(exchange, 400, json);
      } catch (NotFoundException e) {
        sendError(exchange, 404, error("not_found", e.getMessage()));
      } catch (ConflictException e) {
        sendError(exchange, 409, error("conflict", e.getMessage()));
      } catch (MethodNotAllowedException e) {
        exchange.getResponseHeaders().set("Allow", e.getMessage());
        sendError(exchange, 405, error("method_not_allowed", method + " is not allowed here; use " + e.getMessage()));
      } catch (RuntimeException e) {
        log.warn("Dashboard request {} {} failed", method, path, e);
        sendError(exchange, 500, error("internal_error", e.getClass().getSimpleName()));
      }
    }
  }

  private void route(HttpExchange exchange, String method, String path) throws IOException {
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
      }
    }
    if (path.equals("/") || path.equals("/index.html")) {
      allow(method);
      files.sendPage(exchange, access.token());
    } else if (files.serves(path, parts)) {
      allow(method);
      files.send(exchange, path, parts);
    } else if (parts.size() >= 2 && parts.get(0).equals("api") && areas.containsKey(parts.get(1))) {
      areas.get(parts.get(1)).handle(new ApiRequest(exchange, parts.subList(2, parts.size())));
    } else {
      throw new NotFoundException("no page " + path);
    }
  }

  private static void allow(String method) {
    if (!method.equals("GET")) {
      throw new MethodNotAllowedException("GET");
    }
  }

  private static ObjectNode error(String code, String message) {
    return ChartJson.MAPPER.createObjectNode().put("error", code).put("message", message);
  }

  private static void sendError(HttpExchange exchange, int status, ObjectNode json) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    ApiRequest.sendBytes(exchange, status, ChartJson.MAPPER.writeValueAsBytes(json));
  }

  private static void securityHeaders(HttpExchange exchange) {
    Headers headers = exchange.getResponseHeaders();
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
  }
}
