package io.cdpkit.app.predictions;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.delivery.DueWork;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.PredictionOptions;
import io.cdpkit.predictions.Predictions;
import io.cdpkit.segments.ComputedAttributes;
import java.util.Collection;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The predictions over the fit kept in the store, as the platform's computed source: segments
 * read {@code $computed.order_likelihood} and the other prediction names in every process, and a
 * refit (by {@link #refit()} as due work, or {@code cdp predictions fit}) moves saved segments.
 */
public final class StoredPredictions implements CdpPlatform.ComputedSource {
  private final PlatformStorage storage;
  private final AtomicReference<Predictions> opened = new AtomicReference<>();

  public StoredPredictions(PlatformStorage storage) {
    this.storage = Objects.requireNonNull(storage, "storage");
  }

  @Override
  public ComputedAttributes open(Cdp cdp, Consumer<Collection<String>> recalculated) {
    Predictions predictions = open(cdp, storage);
    predictions.subscribe(fit -> recalculated.accept(fit.changedProfiles()));
    opened.set(predictions);
    return predictions;
  }

  /** The predictions, once the platform opened them. */
  public Optional<Predictions> predictions() {
    return Optional.ofNullable(opened.get());
  }

  /**
   * The daily refit as due work, once among every process on the store, with the options of the
   * fit kept there. The platform closes the predictions as its computed source, not as due work.
   */
  public DueWork<Optional<PredictionFit>> refit() {
    return now -> predictions()
        .orElseThrow(() -> new IllegalStateException("the platform has not opened the predictions"))
        .runDue(now);
  }

  /** Predictions over the kept fit, with that fit's options (the defaults before any fit). */
  private static Predictions open(Cdp cdp, PlatformStorage storage) {
    PredictionOptions options;
    try (Predictions stored = Predictions.builder(cdp).store(storage.documentStore()).build()) {
      options = stored.latestFit().map(PredictionFit::options).orElse(PredictionOptions.defaults());
    }
    return Predictions.builder(cdp).options(options).store(storage.documentStore()).build();
  }
}
