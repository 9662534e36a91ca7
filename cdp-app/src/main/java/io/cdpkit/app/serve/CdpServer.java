package io.cdpkit.app.serve;

import io.cdpkit.app.dashboard.ChartStore;
import io.cdpkit.app.dashboard.DashboardAccess;
import io.cdpkit.app.dashboard.DashboardOptions;
import io.cdpkit.app.dashboard.DashboardServer;
import io.cdpkit.app.dashboard.InMemoryChartStore;
import io.cdpkit.app.dashboard.SqliteChartStore;
import io.cdpkit.app.predictions.StoredPredictions;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.platform.spi.PlatformStorage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole CDP as one process: the platform over one store with its scheduler of due work
 * (segment refresh, workflow steps, sync rounds, the nightly prediction refit), the ingestion endpoint with {@code GET /health},
 * and optionally the dashboard on a second port. {@link #stop()} shuts down gracefully: it stops
 * accepting requests and lets running ones finish, stops the dashboard, lets a round of due work in
 * progress finish, and closes the store. Thread-safe.
 */
public final class CdpServer {
  private static final Logger log = LoggerFactory.getLogger(CdpServer.class);

  private final CdpPlatform platform;
  private final IngestionServer ingestion;
  private final @Nullable DashboardServer dashboard;
  private final @Nullable ChartStore charts;
  private final InetSocketAddress ingestionAddress;
  private final @Nullable InetSocketAddress dashboardAddress;
  private final String sends;
  private final Optional<String> generatedToken;
  private boolean stopped;

  private CdpServer(Start start) {
    Senders senders = Senders.from(start.config, start.clock);
    this.sends = senders.description();
    StoredPredictions predictions = new StoredPredictions(start.storage);
    CdpPlatform.Builder builder = CdpPlatform.builder()
        .storage(start.storage)
        .clock(start.clock)
        .zone(start.config.zone().orElse(start.clock.getZone()))
        .emailSender(senders.email())
        .messageSender(senders.messages())
        .httpClient(senders.http())
        .queryBudget(ServeConfig.QUERY_BUDGET)
        .computedSource(predictions)
        .dueWork("prediction refit", cdp -> predictions.refit());
    start.configure.accept(builder);
    this.platform = builder.build();
    try {
      IngestionServer.Builder endpoint = IngestionServer.builder(platform.cdp())
          .writeKey(start.config.get("write_key").orElseThrow(() -> new IllegalArgumentException(
              "a write key is required: --write-key, write_key in the file or "
                  + ServeConfig.variable("write_key"))));
      start.config.corsOrigins().forEach(endpoint::corsOrigin);
      start.config.get("phone_region").ifPresent(endpoint::phoneRegion);
      this.ingestion = endpoint.build();
      platform.start(start.config.dueWorkPeriod());
      this.ingestionAddress = ingestion.start(new InetSocketAddress(start.bind, start.port));
      Optional<Integer> dashboardPort = start.config.dashboardPort();
      if (dashboardPort.isPresent()) {
        String configured = System.getenv(DashboardAccess.TOKEN_VARIABLE);
        boolean generated = configured == null || configured.isBlank();
        DashboardAccess access = generated
            ? DashboardAccess.generated() : DashboardAccess.withToken(configured.strip());
        this.generatedToken = generated ? Optional.of(access.token()) : Optional.empty();
        this.charts = start.sqliteFile == null ? new InMemoryChartStore() : sqliteCharts(start.sqliteFile);
        DashboardOptions shown = DashboardOptions.none().predictions(predictions.predictions().orElseThrow()).syncs(
            start.sqliteFile == null ? Path.of("cdp.syncs.json") : Path.of(start.sqliteFile + ".syncs.json"),
            start.storage.syncStateStore());
        this.dashboard = DashboardServer.create(platform, charts, access, shown);
        this.dashboardAddress = dashboard.start(new InetSocketAddress(start.bind, dashboardPort.get()));
      } else {
        this.generatedToken = Optional.empty();
        this.charts = null;
        this.dashboard = null;
        this.dashboardAddress = null;
      }
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  private static ChartStore sqliteCharts(Path file) {
    return SqliteChartStore.open(file);
  }

  /**
   * Starts everything on {@code storage}.
   *
   * @param sqliteFile the SQLite file of the store, where the dashboard keeps its charts; null for
   *     another store (charts are then kept in memory)
   * @param configure adds to the platform before it is built, such as the segment syncs {@code
   *     cdp sync add} kept
   * @throws IllegalArgumentException when the configuration lacks the write key
   */
  public static CdpServer start(PlatformStorage storage, @Nullable Path sqliteFile, ServeConfig config,
      Clock clock, InetAddress bind, int port, Consumer<CdpPlatform.Builder> configure) {
    return new CdpServer(new Start(Objects.requireNonNull(storage, "storage"), sqliteFile,
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(bind, "bind"), port, Objects.requireNonNull(configure, "configure")));
  }

  private record Start(PlatformStorage storage, @Nullable Path sqliteFile, ServeConfig config,
      Clock clock, InetAddress bind, int port, Consumer<CdpPlatform.Builder> configure) {}

  /** The platform this process runs. */
  public CdpPlatform platform() {
    return platform;
  }

  /** Where the ingestion endpoint and {@code /health} listen. */
  public InetSocketAddress ingestionAddress() {
    return ingestionAddress;
  }

  /** Where the dashboard listens, when it is on. */
  public Optional<InetSocketAddress> dashboardAddress() {
    return Optional.ofNullable(dashboardAddress);
  }

  /** The dashboard token made at start, when none was configured. */
  public Optional<String> generatedDashboardToken() {
    return generatedToken;
  }

  /** Where workflow sends go, in one line. */
  public String sends() {
    return sends;
  }

  /** Stops gracefully, in order; a second call does nothing. */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    log.info("stopping: no new requests, finishing those in flight");
    try {
      ingestion.stop();
      if (dashboard != null) {
        dashboard.stop();
      }
    } finally {
      try {
        if (charts != null) {
          charts.close();
        }
      } finally {
        platform.close();
      }
    }
    log.info("stopped");
  }
}
