package io.cdpkit.examples.cli;

import io.cdpkit.examples.dashboard.DashboardServer;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cdp dashboard}: the dashboard web app on localhost until Ctrl-C. */
@Command(name = "dashboard", description = "Serve the dashboard (charts, profiles, segments) on localhost until Ctrl-C.")
final class DashboardCommand extends Base {
  @Option(names = "--port", paramLabel = "N", description = "The loopback port. Default: ${DEFAULT-VALUE}.")
  int port = 8080;

  @Override
  public Integer call() throws InterruptedException {
    List<String> args = new ArrayList<>(List.of(
        "--db", root().db, "--port", Integer.toString(port), "--zone", root().zone.getId()));
    if (root().now != null) {
      args.addAll(List.of("--now", root().now.toString()));
    }
    DashboardServer.main(args.toArray(String[]::new));
    return 0;
  }
}
