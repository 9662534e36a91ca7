package io.cdpkit.app.dashboard;

import io.cdpkit.predictions.Predictions;
import io.cdpkit.segments.activation.SyncStateStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a dashboard shows besides the platform's own data: a profile's predictions, and the segment
 * syncs kept in the file {@code cdp sync add} writes (so that {@code cdp serve} and {@code cdp sync
 * run} apply those the page adds). Immutable.
 */
public final class DashboardOptions {
  private final @Nullable Predictions predictions;
  private final @Nullable Path syncsFile;
  private final @Nullable SyncStateStore syncStates;

  private DashboardOptions(@Nullable Predictions predictions, @Nullable Path syncsFile,
      @Nullable SyncStateStore syncStates) {
    this.predictions = predictions;
    this.syncsFile = syncsFile;
    this.syncStates = syncStates;
  }

  /** No predictions and no syncs: the profile page says there is no fit, the segment list offers no sync. */
  public static DashboardOptions none() {
    return new DashboardOptions(null, null, null);
  }

  /** These options with the profile page showing {@code predictions} (read only: the page never fits). */
  public DashboardOptions predictions(Predictions value) {
    return new DashboardOptions(Objects.requireNonNull(value, "predictions"), syncsFile, syncStates);
  }

  /**
   * These options with segment syncs kept in {@code file} (the one {@code cdp sync add} keeps for
   * the database), their progress in {@code states} (the store's).
   */
  public DashboardOptions syncs(Path file, SyncStateStore states) {
    return new DashboardOptions(predictions, Objects.requireNonNull(file, "file"),
        Objects.requireNonNull(states, "states"));
  }

  Optional<Predictions> predictions() {
    return Optional.ofNullable(predictions);
  }

  Optional<Path> syncsFile() {
    return Optional.ofNullable(syncsFile);
  }

  Optional<SyncStateStore> syncStates() {
    return Optional.ofNullable(syncStates);
  }
}
