package io.cdpkit.app.cli;

import io.cdpkit.core.Cdp;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.Insights;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * One command's platform on the database, answering as of the command's clock: membership whose
 * time checks fell due by then is brought up to date when the session opens.
 */
final class Session implements AutoCloseable {
  final CdpPlatform platform;
  final Cdp cdp;
  final Segments segments;

  private Session(CdpPlatform platform) {
    this.platform = platform;
    this.cdp = platform.cdp();
    this.segments = platform.segments();
  }

  /** Opens a SQLite file or, for a {@code postgresql://} URL, a PostgreSQL database. */
  static Session open(String location, Duration busyTimeout, Clock clock, ZoneId zone) {
    CdpPlatform platform = CdpPlatform.builder()
        .storage(StorageLocation.open(location, busyTimeout))
        .clock(clock)
        .zone(zone)
        .build();
    try {
      platform.segments().refresh(clock.instant());
      return new Session(platform);
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  /** Insights on this database, answered in SQL. */
  Insights insights() {
    return platform.insights();
  }

  @Override
  public void close() {
    platform.close();
  }
}
