package io.cdpkit.app.dashboard;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.examples.FestivalDemo;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.Segments;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * A dashboard on a temporary SQLite file holding the festival demo's data plus (unless {@link
 * #demoOnly}) one profile whose first name is a script tag and the example charts saved, on a
 * free loopback port, keeping segment syncs where {@code cdp sync add} does. Its clock
 * stands at {@link #NOW}, years after the demo's festival.
 */
final class DashboardFixture implements AutoCloseable {
  static final String SCRIPT_NAME = "<script>window.__xss = 1</script>";
  static final String SCRIPT_EMAIL = "mallory@example.com";
  static final String TOKEN = "test-token-0123456789abcdef";
  static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");

  final Path db;
  final CdpPlatform platform;
  final Cdp cdp;
  final Segments segments;
  final SqliteChartStore charts;
  final DashboardServer server;
  final DashboardAccess access = DashboardAccess.withToken(TOKEN);
  final String base;

  private DashboardFixture(Path db, boolean extras) {
    this.db = db;
    SqliteStorage storage = SqliteStorage.open(db);
    this.platform = CdpPlatform.builder().storage(storage).clock(Clock.fixed(NOW, ZONE)).zone(ZONE).build();
    this.cdp = platform.cdp();
    this.segments = platform.segments();
    this.charts = SqliteChartStore.open(db);
    if (extras) {
      cdp.identify(Identify.builder().email(SCRIPT_EMAIL).set("first_name", SCRIPT_NAME).set("city", SCRIPT_NAME).build());
      ExampleCharts.festival().forEach(charts::save);
    }
    this.server = DashboardServer.create(platform, charts, access,
        DashboardOptions.none().syncs(Path.of(db + ".syncs.json"), storage.syncStateStore()));
    InetSocketAddress bound = server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.base = "http://127.0.0.1:" + bound.getPort();
  }

  /** Writes the festival demo into a new file under {@code directory} and serves it. */
  static DashboardFixture start(Path directory) {
    return new DashboardFixture(demo(directory), true);
  }

  /**
   * Only the festival demo, as a newcomer sees it after {@code cdp demo}: no script profile, and
   * no saved charts (the dashboard shows its examples unsaved).
   */
  static DashboardFixture demoOnly(Path directory) {
    return new DashboardFixture(demo(directory), false);
  }

  private static Path demo(Path directory) {
    Path db = directory.resolve("dashboard.db");
    PrintStream out = System.out;
    try (PrintStream quiet = new PrintStream(Files.newOutputStream(directory.resolve("demo.log")), true, "UTF-8")) {
      System.setOut(quiet);
      FestivalDemo.main(new String[] {"--db", db.toString()});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      System.setOut(out);
    }
    return db;
  }

  @Override
  public void close() {
    server.stop();
    charts.close();
    platform.close();
  }
}
