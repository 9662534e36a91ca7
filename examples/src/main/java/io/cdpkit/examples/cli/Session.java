package io.cdpkit.examples.cli;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.examples.Database;
import io.cdpkit.segments.Segments;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/** One command's open database: the Cdp and segments on it, closed together. */
final class Session implements AutoCloseable {
  final Cdp cdp;
  final Segments segments;
  /** The store the Cdp runs on, for messages that name it. */
  final Storage storage;

  private Session(Cdp cdp, Segments segments, Storage storage) {
    this.cdp = cdp;
    this.segments = segments;
    this.storage = storage;
  }

  /** Opens a SQLite file or, for a {@code postgresql://} URL, a PostgreSQL database. */
  static Session open(String location, Duration busyTimeout, Clock clock, ZoneId zone) {
    Database db = Database.open(location, busyTimeout);
    Storage storage = db.storage();
    Cdp cdp = Cdp.builder().storage(storage).clock(clock).zone(zone).build();
    try {
      return new Session(cdp, db.segments(cdp), storage);
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
