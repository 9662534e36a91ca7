package io.cdpkit.app.cli;

import io.cdpkit.app.dashboard.DashboardServer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdp dashboard}: the dashboard web app on localhost until Ctrl-C. */
@Command(name = "dashboard", footer = {"", "Examples:", "  cdp dashboard --port 8080"},
    description = {
    "Serve the dashboard (charts, profiles, segments) until Ctrl-C.",
    "Every request needs the token: set CDP_DASHBOARD_TOKEN (16+ characters), or open the address printed at start."})
final class DashboardCommand extends Base {
  @Option(names = "--port", paramLabel = "N", description = "The port. Default: ${DEFAULT-VALUE}.")
  int port = 8080;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "The address to listen on. Default: the loopback address; expose it only behind a TLS proxy.")
  String bind;

  @Option(names = "--allowed-host", paramLabel = "NAME", split = ",",
      description = "Host names the dashboard answers to besides localhost (the name a reverse proxy forwards).")
  List<String> allowedHosts = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    List<String> args = new ArrayList<>(List.of(
        "--db", root().db, "--port", Integer.toString(port), "--zone", root().zone.getId()));
    if (bind != null) {
      args.addAll(List.of("--bind", bind));
    }
    if (!allowedHosts.isEmpty()) {
      args.addAll(List.of("--allowed-host", String.join(",", allowedHosts)));
    }
    if (root().now != null) {
      args.addAll(List.of("--now", root().now.toString()));
    }
    DashboardServer.main(args.toArray(String[]::new));
    return 0;
  }
}
