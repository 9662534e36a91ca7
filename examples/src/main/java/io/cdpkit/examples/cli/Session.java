package io.cdpkit.examples.cli;

import io.cdpkit.core.Cdp;
import io.cdpkit.segments.Segments;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;

/** One command's open database: the Cdp and segments on it, closed together. */
final class Session implements AutoCloseable {
  final Cdp cdp;
  final Segments segments;

  private Session(Cdp cdp, Segments segments) {
    this.cdp = cdp;
    this.segments = segments;
  }

  static Session open(Path db, Clock clock, ZoneId zone) {
    SqliteStorage storage = SqliteStorage.open(db);
    Cdp cdp = Cdp.builder().storage(storage).clock(clock).zone(zone).build();
    try {
      Segments segments =
          Segments.builder(cdp).store(storage.segmentStore()).groups(storage.groupStore()).build();
      return new Session(cdp, segments);
    } catch (RuntimeException e) {
      cdp.close();
      throw e;
    }
  }

  @Override
  public void close() {
    try {
      segments.close();
    } finally {
      cdp.close();
    }
  }
}
