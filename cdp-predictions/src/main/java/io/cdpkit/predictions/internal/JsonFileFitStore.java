package io.cdpkit.predictions.internal;

import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.spi.FitStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/** The latest fit in one JSON file, written to a temporary file and moved over the old one. */
public final class JsonFileFitStore implements FitStore {
  private final Path file;

  public JsonFileFitStore(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
  }

  @Override
  public synchronized Optional<PredictionFit> latest() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(FitJson.read(FitJson.MAPPER.readTree(file.toFile())));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the prediction fit in " + file, e);
    }
  }

  @Override
  public synchronized void save(PredictionFit fit) {
    try {
      Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      FitJson.MAPPER.writerWithDefaultPrettyPrinter().writeValue(temporary.toFile(), FitJson.write(fit));
      Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the prediction fit to " + file, e);
    }
  }
}
