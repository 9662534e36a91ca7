package io.cdpkit.predictions.spi;

import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.internal.JsonFileFitStore;
import io.cdpkit.predictions.internal.RefitClaims;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Where the latest {@link PredictionFit} is kept, so that predictions survive a restart and a
 * separate process (such as {@code cdp predictions show}) reads the same fit. Implementations are
 * thread-safe.
 */
public interface FitStore {

  /** The latest fit saved, if any. */
  Optional<PredictionFit> latest();

  /** Keeps {@code fit} as the latest. */
  void save(PredictionFit fit);

  /**
   * Claims the refit due at {@code now}, atomically among every process sharing this store: true
   * for exactly one caller while the latest fit is at least {@code refitEvery} old (or missing) and
   * no claim taken since that fit is younger than {@code lease}; false for every other. The winner
   * refits and {@link #save saves}; a winner that dies leaves its claim to lapse after {@code lease}.
   * The stored fit time alone cannot guard this: two processes can both read the old fit before
   * either saves.
   */
  boolean claimRefit(Instant now, Duration refitEvery, Duration lease);

  /** A store in memory, empty at first. */
  static FitStore inMemory() {
    AtomicReference<PredictionFit> latest = new AtomicReference<>();
    AtomicReference<Instant> claimed = new AtomicReference<>();
    return new FitStore() {
      @Override
      public Optional<PredictionFit> latest() {
        return Optional.ofNullable(latest.get());
      }

      @Override
      public void save(PredictionFit fit) {
        latest.set(fit);
      }

      @Override
      public synchronized boolean claimRefit(Instant now, Duration refitEvery, Duration lease) {
        if (!RefitClaims.due(latest.get(), claimed.get(), now, refitEvery, lease)) {
          return false;
        }
        claimed.set(now);
        return true;
      }
    };
  }

  /**
   * A store in one JSON file, replaced atomically on each save; a missing file means no fit. Refit
   * claims are kept in {@code FILE.claim} under an operating-system file lock, so processes on one
   * machine sharing the file claim each refit once.
   */
  static FitStore jsonFile(Path file) {
    return new JsonFileFitStore(file);
  }
}
