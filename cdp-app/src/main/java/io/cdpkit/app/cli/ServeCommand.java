package io.cdpkit.app.cli;

import io.cdpkit.app.serve.CdpServer;
import io.cdpkit.app.serve.ServeConfig;
import io.cdpkit.app.syncs.SyncDefinitions;
import io.cdpkit.core.spi.StorageBacked;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cdp serve}: the whole CDP as one process until SIGTERM or Ctrl-C: the tracking endpoint
 * ({@code POST /v1/batch}, {@code /v1/track}, ...) and {@code GET /health}, the scheduler of due
 * work (segment refresh, workflow steps, rounds of the syncs {@code cdp sync add} kept) with the
 * configured senders, and optionally the dashboard. Settings come from {@code --config FILE} and {@code CDP_*} environment variables
 * ({@link ServeConfig}); options given here win.
 */
@Command(name = "serve", footer = {"", "Examples:", "  CDP_WRITE_KEY=wk-secret-1 cdp serve --port 8088 --dashboard-port 8080"},
    description = {
    "Run the whole CDP until stopped: tracking endpoint (POST /v1/batch, /v1/track, ...),"
        + " GET /health, workflows and segment refresh on a schedule, optionally the dashboard.",
    "Settings: --config FILE (properties) and CDP_* environment variables; see CLI.md."})
final class ServeCommand extends Base {
  @Option(names = "--host", description = "The address to listen on. Default: ${DEFAULT-VALUE}.")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "The port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port = 8088;

  @Option(names = "--write-key", paramLabel = "KEY",
      description = "The write key clients send; default: write_key in the file or CDP_WRITE_KEY.")
  @Nullable String writeKey;

  @Option(names = "--cors-origin", paramLabel = "ORIGIN",
      description = "A browser origin (https://shop.example.com, or *) allowed to send; repeatable.")
  List<String> corsOrigins = new ArrayList<>();

  @Option(names = "--phone-region", paramLabel = "REGION",
      description = "The country national phone numbers are read in (ISO 3166, such as ID or NL).")
  @Nullable String phoneRegion;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file of settings.")
  @Nullable Path config;

  @Mixin SyncsFileOption syncsFile = new SyncsFileOption();

  @Option(names = "--dashboard-port", paramLabel = "N",
      description = "Serve the dashboard on this port too (needs CDP_DASHBOARD_TOKEN, or prints one).")
  @Nullable Integer dashboardPort;

  @Override
  public Integer call() throws InterruptedException, UnknownHostException {
    ServeConfig settings = ServeConfig.load(config, System.getenv());
    if (writeKey != null) {
      settings = settings.with("write_key", writeKey);
    }
    if (!corsOrigins.isEmpty()) {
      settings = settings.with("cors.origins", String.join(",", corsOrigins));
    }
    if (phoneRegion != null) {
      settings = settings.with("phone_region", phoneRegion);
    }
    if (dashboardPort != null) {
      settings = settings.with("dashboard.port", dashboardPort.toString());
    }
    String location = settings.get("db").orElse(root().db);
    Path sqliteFile = PostgresStorage.isUrl(location) ? null : Path.of(location);
    SyncDefinitions syncs = SyncDefinitions.load(syncsFile.resolve(location));
    CdpServer server = CdpServer.start(
        StorageLocation.open(location, Duration.ofMillis(root().busyTimeoutMillis),
            settings.postgresInstanceId().orElse(null)), sqliteFile, settings,
        root().clock(), InetAddress.getByName(host), port, builder -> {
          syncs.applyTo(builder);
          builder.privacy(Session.PRIVACY);
        });
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      server.stop();
      stopped.countDown();
    }, "cdp-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    InetSocketAddress bound = server.ingestionAddress();
    out().println("Serving " + StorageBacked.storageOf(server.platform().cdp()) + " on http://" + bound.getHostString() + ":"
        + bound.getPort() + "/v1/ (health: /health); " + server.sends());
    server.dashboardAddress().ifPresent(dashboard -> out().println("Dashboard on http://localhost:"
        + dashboard.getPort() + "/" + server.generatedDashboardToken().map(token -> "?token=" + token)
            .orElse(" (token from CDP_DASHBOARD_TOKEN)")));
    out().flush();
    try {
      stopped.await();
    } finally {
      server.stop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it stops the server itself.
      }
    }
    return 0;
  }
}
