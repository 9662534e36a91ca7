package io.cdpkit.app.dashboard;

import io.cdpkit.app.serve.ServeConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.InvalidInputException;
import io.cdpkit.core.Page;
import io.cdpkit.core.consent.ReachabilityCounts;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.event.EventTypeCount;
import io.cdpkit.core.event.TimelineQuery;
import io.cdpkit.core.profile.AttributeValue;
import io.cdpkit.core.profile.Consent;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.core.profile.ProfileQuery;
import io.cdpkit.core.profile.TextValue;
import io.cdpkit.core.identity.ProfileIdentifier;
import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.SegmentSummary;
import io.cdpkit.segments.QueryBudgetExceededException;
import io.cdpkit.segments.SegmentSyntaxException;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.Insights;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
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
 * token in the {@code Authorization} header and a JSON body. The page ({@code /}) calls these JSON
 * endpoints:
 *
 * <ul>
 *   <li>{@code GET /api/overview}: profile and event counts, reachable profiles per channel;
 *   <li>{@code GET /api/profiles?sort=&desc=&limit=&cursor=&q=&columns=}: a page of the profiles
 *       table, or the profiles whose identifier starts with {@code q};
 *   <li>{@code GET /api/profiles/ID}: attributes, identifiers, consents, segments, timeline;
 *   <li>{@code GET /api/segments}, {@code GET /api/segments/check?expression=}: saved segments
 *       with counts; an expression's count, or its syntax error with the caret message;
 *   <li>{@code GET /api/event-types};
 *   <li>{@code GET|POST /api/charts}, {@code GET|PUT|DELETE /api/charts/ID}, {@code POST
 *       /api/charts/ID/duplicate}: chart definitions ({@link ChartJson});
 *   <li>{@code GET /api/charts/ID/data} (with {@code elapsedMillis}) and {@code
 *       /api/charts/ID/data.csv}: a chart's numbers.
 * </ul>
 *
 * <p>A bad parameter answers 400 {@code {"error":"bad_parameter","parameter":...,"message":...}};
 * an unknown id or path 404; a wrong method 405; a refused request 401, 403 or 415 {@code
 * {"error":...,"message":...}}. Only the page's own files ({@code /static/}) and Chart.js (from its
 * WebJar under {@code /webjars/chart.js/}) are served from the classpath. Thread-safe; start once,
 * stop once.
 */
public final class DashboardServer {
  private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
  private static final String RESOURCES = "/io/cdpkit/app/dashboard/static/";
  private static final String CHARTJS = "/webjars/chart.js/";
  private static final String CHARTJS_PROPERTIES = "/META-INF/maven/org.webjars.npm/chart.js/pom.properties";
  /** The channels whose reachable profiles the overview counts. */
  public static final List<String> CHANNELS = List.of("email", "sms", "whatsapp", "push");
  /** The profiles table's columns when the request names none. */
  public static final List<String> DEFAULT_COLUMNS =
      List.of("$identifier.email", "first_name", "city", "age", "$created_at");
  private static final int MAX_TIMELINE = 100;
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "map", "application/json; charset=utf-8",
      "png", "image/png");

  private final Segments segments;
  private final Cdp cdp;
  private final ChartStore charts;
  private final ChartQueries queries;
  private final String chartJsVersion;
  private final DashboardAccess access;
  private final Object lock = new Object();
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;
  private boolean started;

  private DashboardServer(
      Segments segments, Insights insights, ChartStore charts, Clock clock, DashboardAccess access) {
    this.segments = Objects.requireNonNull(segments, "segments");
    this.cdp = segments.cdp();
    this.charts = Objects.requireNonNull(charts, "charts");
    this.queries = new ChartQueries(segments, Objects.requireNonNull(insights, "insights"),
        Objects.requireNonNull(clock, "clock"));
    this.chartJsVersion = chartJsVersion();
    this.access = Objects.requireNonNull(access, "access");
  }

  /**
   * A dashboard on the segments (and their Cdp), keeping charts in {@code charts}; events-over-time
   * charts end at {@code clock}'s now; {@code access} says who may use it.
   */
  public static DashboardServer create(Segments segments, ChartStore charts, Clock clock, DashboardAccess access) {
    return new DashboardServer(segments, Insights.inMemory(segments), charts, clock, access);
  }

  /**
   * A dashboard whose charts read {@code insights}, such as {@code CdpPlatform.insights()}, which
   * the store answers in SQL instead of reading every event into memory.
   */
  public static DashboardServer create(
      Segments segments, Insights insights, ChartStore charts, Clock clock, DashboardAccess access) {
    return new DashboardServer(segments, insights, charts, clock, access);
  }

  /**
   * Starts the dashboard on a CDPKit SQLite file: {@code --db FILE} (default cdp-demo.db), {@code
   * --port N} (default 8080), {@code --bind ADDRESS} (default the loopback address), {@code
   * --allowed-host NAMES} (comma-separated host names besides localhost, for a reverse proxy),
   * {@code --zone ZONE} (default the system zone), {@code --now INSTANT} (default the latest
   * event's time, so that a demo file shows its data). The token comes from the environment
   * variable {@value DashboardAccess#TOKEN_VARIABLE}; without it a new one is made and the address
   * to open is printed once. When the file had no chart table, it starts with {@link
   * ExampleCharts#festival()}. Stops on Ctrl-C.
   */
  public static void main(String[] args) throws InterruptedException {
    Map<String, String> options = options(args);
    Path db = Path.of(options.getOrDefault("--db", "cdp-demo.db"));
    int port = Integer.parseInt(options.getOrDefault("--port", "8080"));
    ZoneId zone = options.containsKey("--zone") ? ZoneId.of(options.get("--zone")) : ZoneId.systemDefault();
    CdpPlatform platform = CdpPlatform.builder().storage(SqliteStorage.open(db)).zone(zone)
        .queryBudget(ServeConfig.QUERY_BUDGET).build();
    Segments segments = platform.segments();
    SqliteChartStore charts = SqliteChartStore.open(db);
    if (charts.created()) {
      ExampleCharts.festival().forEach(charts::save);
    }
    Clock clock = options.containsKey("--now")
        ? Clock.fixed(Instant.parse(options.get("--now")), zone)
        : latestEventClock(segments, platform.insights(), zone);
    String configuredToken = System.getenv(DashboardAccess.TOKEN_VARIABLE);
    DashboardAccess access = (configuredToken == null || configuredToken.isBlank()
        ? DashboardAccess.generated() : DashboardAccess.withToken(configuredToken.strip()))
        .allowingHosts(options.containsKey("--allowed-host")
            ? Arrays.asList(options.get("--allowed-host").split(",")) : List.of());
    DashboardServer dashboard = create(segments, platform.insights(), charts, clock, access);
    InetAddress bind = options.containsKey("--bind") ? address(options.get("--bind")) : InetAddress.getLoopbackAddress();
    InetSocketAddress bound = dashboard.start(new InetSocketAddress(bind, port));
    String shownToken = configuredToken == null || configuredToken.isBlank() ? access.token() : "<$" + DashboardAccess.TOKEN_VARIABLE + ">";
    System.out.println("CDPKit dashboard on http://localhost:" + bound.getPort() + "/?token=" + shownToken
        + " (bound to " + bound.getHostString() + ", now " + clock.instant() + "); Ctrl-C stops it");
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

  /** A clock fixed at the latest event's timestamp; the system clock when there are no events. */
  public static Clock latestEventClock(Segments segments, ZoneId zone) {
    return latestEventClock(segments, Insights.inMemory(segments), zone);
  }

  /** As {@link #latestEventClock(Segments, ZoneId)}, reading the event types' last events from {@code insights}. */
  public static Clock latestEventClock(Segments segments, Insights insights, ZoneId zone) {
    Instant latest = null;
    for (EventTypeCount type : segments.cdp().eventTypes()) {
      Instant last = insights.events(type.type(), null, 1).lastSeen();
      if (last != null && (latest == null || last.isAfter(latest))) {
        latest = last;
      }
    }
    return latest == null ? Clock.system(zone) : Clock.fixed(latest, zone);
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
        String queryToken = path.equals("/") ? query(exchange.getRequestURI().getRawQuery()).get("token") : null;
        Optional<DashboardAccess.Refusal> refusal = access.check(method, exchange.getRequestHeaders(), queryToken);
        if (refusal.isPresent()) {
          DashboardAccess.Refusal refused = refusal.get();
          log.warn("Dashboard refused {} {} from {}: {} ({})", method, path,
              exchange.getRemoteAddress().getAddress().getHostAddress(), refused.code(), refused.message());
          send(exchange, refused.status(), error(refused.code(), refused.message()));
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
        send(exchange, 400, json);
      } catch (NotFound e) {
        send(exchange, 404, error("not_found", e.getMessage()));
      } catch (MethodNotAllowed e) {
        exchange.getResponseHeaders().set("Allow", e.getMessage());
        send(exchange, 405, error("method_not_allowed", method + " is not allowed here; use " + e.getMessage()));
      } catch (RuntimeException e) {
        log.warn("Dashboard request {} {} failed", method, path, e);
        send(exchange, 500, error("internal_error", e.getClass().getSimpleName()));
      }
    }
  }

  private void route(HttpExchange exchange, String method, String path) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    List<String> parts = new ArrayList<>();
    for (String part : path.split("/")) {
      if (!part.isEmpty()) {
        parts.add(URLDecoder.decode(part, StandardCharsets.UTF_8));
      }
    }
    if (path.equals("/") || path.equals("/index.html")) {
      allow(method, "GET");
      sendPage(exchange);
    } else if (path.startsWith("/static/") && parts.size() == 2 && parts.get(1).matches("[A-Za-z0-9_-]+\\.[a-z]+")) {
      allow(method, "GET");
      sendResource(exchange, RESOURCES + parts.get(1));
    } else if (path.startsWith(CHARTJS) && !parts.contains("..") && TYPES.containsKey(extension(path))) {
      allow(method, "GET");
      sendResource(exchange, "/META-INF/resources" + path);
    } else if (parts.size() >= 2 && parts.get(0).equals("api")) {
      api(exchange, method, parts.subList(1, parts.size()), query);
    } else {
      throw new NotFound("no page " + path);
    }
  }

  private void api(HttpExchange exchange, String method, List<String> parts, Map<String, String> query)
      throws IOException {
    String first = parts.get(0);
    int size = parts.size();
    if (first.equals("overview") && size == 1) {
      allow(method, "GET");
      send(exchange, 200, overview());
    } else if (first.equals("profiles") && size == 1) {
      allow(method, "GET");
      send(exchange, 200, profiles(query));
    } else if (first.equals("profiles") && size == 2) {
      allow(method, "GET");
      send(exchange, 200, profile(parts.get(1)));
    } else if (first.equals("segments") && size == 1) {
      allow(method, "GET");
      send(exchange, 200, segmentList());
    } else if (first.equals("segments") && size == 2 && parts.get(1).equals("check")) {
      allow(method, "GET");
      send(exchange, 200, checkSegment(query.get("expression")));
    } else if (first.equals("event-types") && size == 1) {
      allow(method, "GET");
      ArrayNode types = ChartJson.MAPPER.createArrayNode();
      cdp.eventTypes().forEach(type -> types.addObject().put("type", type.type()).put("count", type.count()));
      send(exchange, 200, types);
    } else if (first.equals("charts")) {
      charts(exchange, method, parts.subList(1, size));
    } else {
      throw new NotFound("no endpoint /api/" + String.join("/", parts));
    }
  }

  private void charts(HttpExchange exchange, String method, List<String> rest) throws IOException {
    if (rest.isEmpty()) {
      if (method.equals("POST")) {
        ChartDefinition chart = ChartJson.fromText(body(exchange), newId());
        charts.save(chart);
        send(exchange, 201, ChartJson.write(chart));
        return;
      }
      allow(method, "GET, POST");
      ArrayNode list = ChartJson.MAPPER.createArrayNode();
      charts.list().forEach(chart -> list.add(ChartJson.write(chart)));
      send(exchange, 200, list);
      return;
    }
    ChartDefinition chart = charts.find(rest.get(0)).orElseThrow(() -> new NotFound("no chart " + rest.get(0)));
    if (rest.size() == 1) {
      switch (method) {
        case "GET":
          send(exchange, 200, ChartJson.write(chart));
          return;
        case "PUT":
          ChartDefinition updated = ChartJson.fromText(body(exchange), chart.id());
          charts.save(updated);
          send(exchange, 200, ChartJson.write(updated));
          return;
        case "DELETE":
          charts.delete(chart.id());
          exchange.sendResponseHeaders(204, -1);
          return;
        default:
          throw new MethodNotAllowed("GET, PUT, DELETE");
      }
    }
    String action = rest.get(1);
    if (rest.size() == 2 && action.equals("duplicate")) {
      allow(method, "POST");
      ChartDefinition copy = chart.withId(newId()).withTitle(chart.title() + " (copy)");
      charts.save(copy);
      send(exchange, 201, ChartJson.write(copy));
    } else if (rest.size() == 2 && action.equals("data")) {
      allow(method, "GET");
      long startNanos = System.nanoTime();
      ChartData data = queries.compute(chart);
      double elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000.0;
      ObjectNode json = dataJson(chart, data);
      json.put("elapsedMillis", Math.round(elapsedMillis * 10) / 10.0);
      send(exchange, 200, json);
    } else if (rest.size() == 2 && action.equals("data.csv")) {
      allow(method, "GET");
      byte[] csv = csv(queries.compute(chart)).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
      exchange.getResponseHeaders().set("Content-Disposition",
          "attachment; filename=\"chart-" + chart.id() + ".csv\"");
      sendBytes(exchange, 200, csv);
    } else {
      throw new NotFound("no endpoint for chart " + chart.id() + ": " + String.join("/", rest));
    }
  }

  private static String newId() {
    return UUID.randomUUID().toString().substring(0, 8);
  }

  private ObjectNode overview() {
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    json.put("profiles", cdp.countProfiles());
    json.put("events", cdp.countEvents());
    ArrayNode reachable = json.putArray("reachability");
    for (String channel : CHANNELS) {
      ReachabilityCounts counts = cdp.reachabilityCounts(channel);
      reachable.addObject().put("channel", channel).put("total", counts.total()).put("reachable", counts.reachable());
    }
    return json;
  }

  private ObjectNode profiles(Map<String, String> query) {
    int limit = intParameter(query, "limit", 25, 1, 500);
    List<String> columns = new ArrayList<>();
    columns.add("id");
    String columnText = query.get("columns");
    if (columnText == null || columnText.isBlank()) {
      columns.addAll(DEFAULT_COLUMNS);
    } else {
      for (String column : columnText.split(",")) {
        if (column.isBlank()) {
          throw new BadParameterException("columns", "a comma-separated list of column names is needed");
        }
        columns.add(column.strip());
      }
    }
    List<Profile> rows;
    @Nullable String next = null;
    String search = query.get("q");
    if (search != null && !search.isBlank()) {
      rows = cdp.searchProfiles(search.strip(), limit);
    } else {
      String sort = query.getOrDefault("sort", ProfileQuery.CREATED_AT);
      if (!sort.equals(ProfileQuery.ID) && !sort.equals(ProfileQuery.CREATED_AT)
          && !sort.matches("[\\p{L}_][\\p{L}\\p{N}_.-]*")) {
        throw new BadParameterException("sort", "$id, $created_at or an attribute name is needed, was '" + sort + "'");
      }
      boolean descending = booleanParameter(query, "desc");
      ProfileQuery profileQuery;
      try {
        profileQuery = new ProfileQuery(sort, descending, limit, blankToNull(query.get("cursor")));
      } catch (InvalidInputException | IllegalArgumentException e) {
        throw new BadParameterException("sort", "not a sortable attribute or field: " + e.getMessage());
      }
      Page<Profile> page;
      try {
        page = cdp.profiles(profileQuery);
      } catch (InvalidInputException e) {
        throw new BadParameterException("cursor", e.getMessage());
      }
      rows = page.items();
      next = page.next();
    }
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    ArrayNode columnJson = json.putArray("columns");
    columns.forEach(columnJson::add);
    ArrayNode rowJson = json.putArray("rows");
    for (Profile profile : rows) {
      ArrayNode cells = rowJson.addArray();
      for (String column : columns) {
        cells.add(cell(profile, column));
      }
    }
    json.put("next", next);
    return json;
  }

  private static String cell(Profile profile, String column) {
    if (column.equals("id") || column.equals(ProfileQuery.ID)) {
      return profile.id();
    }
    if (column.equals(ProfileQuery.CREATED_AT)) {
      return profile.createdAt().toString();
    }
    if (column.equals("$updated_at")) {
      return profile.updatedAt().toString();
    }
    if (column.startsWith("$identifier.")) {
      return profile.mainIdentifier(column.substring("$identifier.".length())).map(i -> i.value()).orElse("");
    }
    AttributeValue value = profile.attribute(column).orElse(null);
    if (value == null || value.isNull()) {
      return "";
    }
    return value instanceof TextValue text ? text.value() : value.toJson();
  }

  private ObjectNode profile(String id) {
    Profile profile = cdp.findProfile(id).orElseThrow(() -> new NotFound("no profile " + id));
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    json.put("id", profile.id());
    json.put("createdAt", profile.createdAt().toString());
    json.put("updatedAt", profile.updatedAt().toString());
    json.set("attributes", parse(profile.attributes().toJson()));
    ArrayNode identifiers = json.putArray("identifiers");
    for (ProfileIdentifier identifier : profile.identifiers()) {
      identifiers.addObject()
          .put("type", identifier.type())
          .put("value", identifier.value())
          .put("main", identifier.main())
          .put("deliverable", identifier.deliverable())
          .put("firstSeen", identifier.firstSeen().toString())
          .put("lastSeen", identifier.lastSeen().toString());
    }
    ArrayNode consents = json.putArray("consents");
    for (Consent consent : profile.consents()) {
      consents.addObject()
          .put("channel", consent.channel())
          .put("purpose", consent.purpose())
          .put("status", consent.status().name().toLowerCase(Locale.ROOT))
          .put("at", consent.at().toString())
          .put("source", consent.source())
          .put("expiresAt", consent.expiresAt() == null ? null : consent.expiresAt().toString());
    }
    ArrayNode segmentNames = json.putArray("segments");
    segments.segmentsOf(profile.id()).forEach(segmentNames::add);
    ArrayNode merged = json.putArray("mergedIds");
    profile.mergedIds().stream().sorted().forEach(merged::add);
    ArrayNode timeline = json.putArray("timeline");
    for (Event event : cdp.timeline(profile.id(), TimelineQuery.latest(MAX_TIMELINE)).items()) {
      ObjectNode item = timeline.addObject()
          .put("type", event.type())
          .put("timestamp", event.timestamp().toString())
          .put("source", event.source());
      item.set("properties", parse(event.properties().toJson()));
    }
    return json;
  }

  private ArrayNode segmentList() {
    ArrayNode list = ChartJson.MAPPER.createArrayNode();
    for (SegmentSummary summary : segments.list()) {
      list.addObject()
          .put("name", summary.segment().name())
          .put("expression", summary.segment().expression())
          .put("description", summary.segment().describedAs().orElse(null))
          .put("members", summary.members());
    }
    return list;
  }

  private ObjectNode checkSegment(@Nullable String expression) {
    if (expression == null || expression.isBlank()) {
      throw new BadParameterException("expression", "a segment expression is needed");
    }
    try {
      SegmentExpression parsed = SegmentExpression.parse(expression);
      ObjectNode json = ChartJson.MAPPER.createObjectNode();
      json.put("expression", parsed.toString());
      json.put("count", segments.countMatching(expression));
      return json;
    } catch (SegmentSyntaxException | QueryBudgetExceededException e) {
      throw new BadParameterException("expression", e.getMessage());
    }
  }

  private static ObjectNode dataJson(ChartDefinition chart, ChartData data) {
    ObjectNode json = ChartJson.MAPPER.createObjectNode();
    json.set("chart", ChartJson.write(chart));
    ArrayNode labels = json.putArray("labels");
    data.labels().forEach(labels::add);
    ArrayNode datasets = json.putArray("datasets");
    for (ChartData.Dataset dataset : data.datasets()) {
      ObjectNode item = datasets.addObject().put("name", dataset.name()).put("yLabel", dataset.yLabel());
      ArrayNode values = item.putArray("values");
      for (BigDecimal value : dataset.values()) {
        values.add(value.stripTrailingZeros());
      }
    }
    return json;
  }

  /** The chart's numbers as CSV: a label column, then one column per series, with a header. */
  static String csv(ChartData data) {
    CsvSchema.Builder schema = CsvSchema.builder().addColumn("label");
    List<String> names = new ArrayList<>();
    for (ChartData.Dataset dataset : data.datasets()) {
      String name = dataset.name();
      while (names.contains(name) || name.equals("label")) {
        name = name + "'";
      }
      names.add(name);
      schema.addColumn(name);
    }
    List<List<String>> rows = new ArrayList<>();
    for (int i = 0; i < data.labels().size(); i++) {
      List<String> row = new ArrayList<>();
      row.add(data.labels().get(i));
      for (ChartData.Dataset dataset : data.datasets()) {
        row.add(dataset.values().get(i).stripTrailingZeros().toPlainString());
      }
      rows.add(row);
    }
    try {
      return new CsvMapper().writer(schema.build().withHeader()).writeValueAsString(rows);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the chart as CSV", e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return ChartJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the store returned invalid JSON", e);
    }
  }

  private static int intParameter(Map<String, String> query, String name, int fallback, int min, int max) {
    String text = query.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value < min || value > max) {
        throw new BadParameterException(name, "must be " + min + " to " + max + ", was " + value);
      }
      return value;
    } catch (NumberFormatException e) {
      throw new BadParameterException(name, "a whole number is needed, was '" + text + "'");
    }
  }

  private static boolean booleanParameter(Map<String, String> query, String name) {
    String text = query.getOrDefault(name, "false");
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new BadParameterException(name, "true or false is needed, was '" + text + "'");
  }

  private static @Nullable String blankToNull(@Nullable String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(name, value);
    }
    return query;
  }

  private static String body(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(256 * 1024 + 1);
      if (bytes.length > 256 * 1024) {
        throw new BadParameterException("body", "larger than 256 KiB");
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static void allow(String method, String allowed) {
    if (!Arrays.asList(allowed.split(", ")).contains(method)) {
      throw new MethodNotAllowed(allowed);
    }
  }

  private static ObjectNode error(String code, String message) {
    return ChartJson.MAPPER.createObjectNode().put("error", code).put("message", message);
  }

  private void sendPage(HttpExchange exchange) throws IOException {
    byte[] page = resource(RESOURCES + "index.html").orElseThrow(() -> new NotFound("no index.html"));
    // The token goes into the page so that its scripts can send it in the Authorization header:
    // the page itself is served only to requests that carried it, under an allowed Host.
    String html = new String(page, StandardCharsets.UTF_8)
        .replace("{{chartjs}}", chartJsVersion)
        .replace("{{token}}", access.token());
    exchange.getResponseHeaders().set("Content-Type", TYPES.get("html"));
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("Content-Security-Policy",
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
    sendBytes(exchange, 200, html.getBytes(StandardCharsets.UTF_8));
  }

  private void sendResource(HttpExchange exchange, String name) throws IOException {
    String extension = extension(name);
    if (!TYPES.containsKey(extension)) {
      throw new NotFound("no file " + exchange.getRequestURI().getPath());
    }
    byte[] bytes = resource(name).orElseThrow(() -> new NotFound("no file " + exchange.getRequestURI().getPath()));
    exchange.getResponseHeaders().set("Content-Type", TYPES.get(extension));
    exchange.getResponseHeaders().set("Cache-Control", "max-age=3600");
    sendBytes(exchange, 200, bytes);
  }

  private static String extension(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  private static void securityHeaders(HttpExchange exchange) {
    Headers headers = exchange.getResponseHeaders();
    headers.set("X-Frame-Options", "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
  }

  private static Optional<byte[]> resource(String name) throws IOException {
    try (InputStream in = DashboardServer.class.getResourceAsStream(name)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    }
  }

  private static String chartJsVersion() {
    try (InputStream in = DashboardServer.class.getResourceAsStream(CHARTJS_PROPERTIES)) {
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

  private static void send(HttpExchange exchange, int status, JsonNode json) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    sendBytes(exchange, status, ChartJson.MAPPER.writeValueAsBytes(json));
  }

  private static void sendBytes(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A 404. */
  private static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound(String message) {
      super(message);
    }
  }

  /** A 405; the message lists the allowed methods. */
  private static final class MethodNotAllowed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MethodNotAllowed(String allowed) {
      super(allowed);
    }
  }
}
