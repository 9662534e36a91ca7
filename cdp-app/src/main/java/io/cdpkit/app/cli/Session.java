package io.cdpkit.app.cli;

import io.cdpkit.app.predictions.StoredPredictions;
import io.cdpkit.core.Cdp;
import io.cdpkit.core.consent.PrivacyOptions;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.Insights;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.Consumer;

/**
 * One command's platform on the database, answering as of the command's clock: membership whose
 * time checks fell due by then is brought up to date when the session opens.
 */
final class Session implements AutoCloseable {
  /**
   * The privacy options of every command and of {@code serve}: suppression on, so that an
   * identifier erased with {@code gdpr erase --suppress} (in this process or any earlier one) is
   * refused by import and the tracking endpoint instead of re-creating the person. Only {@code
   * gdpr erase} without {@code --suppress} turns it off, so that it keeps no hashes.
   */
  static final PrivacyOptions PRIVACY = PrivacyOptions.defaults().withSuppression(true);

  final CdpPlatform platform;
  final Cdp cdp;
  final Segments segments;
  /** The store under the platform, for what the platform does not expose (sync progress). */
  final PlatformStorage storage;

  private Session(CdpPlatform platform, PlatformStorage storage) {
    this.platform = platform;
    this.cdp = platform.cdp();
    this.segments = platform.segments();
    this.storage = storage;
  }

  /**
   * Opens a SQLite file or, for a {@code postgresql://} URL, a PostgreSQL database, with the
   * platform configured further by {@code configure} (senders, syncs).
   */
  static Session open(String location, Duration busyTimeout, Clock clock, ZoneId zone,
      PrivacyOptions privacy, Consumer<CdpPlatform.Builder> configure) {
    PlatformStorage storage = StorageLocation.open(location, busyTimeout);
    CdpPlatform.Builder builder = CdpPlatform.builder().storage(storage).clock(clock).zone(zone)
        .privacy(privacy).computedSource(new StoredPredictions(storage));
    try {
      configure.accept(builder);
    } catch (RuntimeException e) {
      storage.close();
      throw e;
    }
    // build() closes the store itself when it fails.
    CdpPlatform platform = builder.build();
    try {
      platform.segments().refresh(clock.instant());
      return new Session(platform, storage);
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
