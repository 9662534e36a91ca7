package io.cdpkit.predictions.internal;

import io.cdpkit.predictions.PredictionFit;
import io.cdpkit.predictions.spi.FitStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The latest fit in one JSON file, written to a temporary file and moved over the old one. Refit
 * claims: the instant of the last claim in {@code FILE.claim}, read and written under an
 * exclusive lock of that file (the operating system's, between processes; a monitor per file,
 * between the threads of this one, which a file lock does not separate).
 */
public final class JsonFileFitStore implements FitStore {
  private static final Map<Path, Object> MONITORS = new ConcurrentHashMap<>();

  private final Path file;
  private final Path claimFile;

  public JsonFileFitStore(Path file) {
    this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    this.claimFile = Path.of(this.file + ".claim");
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

  @Override
  public boolean claimRefit(Instant now, Duration refitEvery, Duration lease) {
    synchronized (MONITORS.computeIfAbsent(claimFile, path -> new Object())) {
      try (FileChannel channel = FileChannel.open(claimFile, StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        FileLock lock = channel.lock();
        try {
          if (!RefitClaims.due(latest().orElse(null), claimed(channel), now, refitEvery, lease)) {
            return false;
          }
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(now.toString().getBytes(StandardCharsets.US_ASCII)), 0);
          channel.force(true);
          return true;
        } finally {
          lock.release();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot claim the prediction refit in " + claimFile, e);
      }
    }
  }

  private static @Nullable Instant claimed(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size(), 64));
    channel.read(buffer, 0);
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
    return text.isEmpty() ? null : Instant.parse(text);
  }
}
