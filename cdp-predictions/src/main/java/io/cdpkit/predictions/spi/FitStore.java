package io.cdpkit.predictions.spi;

import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.internal.JsonFileFitStore;
import java.nio.file.Path;
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

  /** A store in memory, empty at first. */
  static FitStore inMemory() {
    AtomicReference<PredictionFit> latest = new AtomicReference<>();
    return new FitStore() {
      @Override
      public Optional<PredictionFit> latest() {
        return Optional.ofNullable(latest.get());
      }

      @Override
      public void save(PredictionFit fit) {
        latest.set(fit);
      }
    };
  }

  /** A store in one JSON file, replaced atomically on each save; a missing file means no fit. */
  static FitStore jsonFile(Path file) {
    return new JsonFileFitStore(file);
  }
}
