package io.cdpkit.examples;

import io.cdpkit.core.Cdp;
import io.cdpkit.core.Identify;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.activation.FileDestination;
import io.cdpkit.segments.activation.IdentifierField;
import io.cdpkit.segments.activation.InMemorySyncStateStore;
import io.cdpkit.segments.activation.SegmentSync;
import io.cdpkit.segments.activation.SyncReport;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The activation part of the demo: the "under 30 with an email" segment synced to a CSV file
 * destination (a snapshot of every member, the email plain and SHA-256 hashed as an advertising
 * audience wants it), then the change file written when a member turns 31 and leaves the segment.
 * Files of an earlier run of this story in the directory are replaced.
 */
final class ActivationStory {
  static final String DESTINATION = "crm-export";
  private static final String LEAVER = "ben.activation@example.com";

  private final Cdp cdp;
  private final Segments segments;
  private final PrintStream out;
  private final Path directory;

  ActivationStory(Cdp cdp, Segments segments, PrintStream out, Path directory) {
    this.cdp = Objects.requireNonNull(cdp, "cdp");
    this.segments = Objects.requireNonNull(segments, "segments");
    this.out = Objects.requireNonNull(out, "out");
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  void run() {
    out.println();
    out.println("== Activation: syncing '" + SegmentStory.UNDER_30 + "' to CSV files in " + directory);
    if (segments.find(SegmentStory.UNDER_30).isEmpty()) {
      segments.save(SegmentStory.UNDER_30, "age < 30 and $identifier.email is not empty");
    }
    cdp.identify(Identify.builder().email("ann.activation@example.com").set("age", 24).build());
    cdp.identify(Identify.builder().email(LEAVER).set("age", 27).build());
    FileDestination files = FileDestination.builder(DESTINATION, directory)
        .fields(IdentifierField.plain("email"), IdentifierField.sha256("email"))
        .consentChannel("email")
        .build();
    removeEarlierRun(files);
    try (SegmentSync sync = SegmentSync.builder(cdp, segments)
        .store(new InMemorySyncStateStore())
        .sync(SegmentStory.UNDER_30, files)
        .build()) {
      SyncReport initial = sync.runDue(cdp.clock().instant());
      Path snapshot = files.snapshotFile(SegmentStory.UNDER_30);
      out.printf("initial sync: %d members in %d batch(es) -> %s%n", initial.added(),
          initial.batches(), snapshot.getFileName());
      List<String> lines = read(snapshot);
      lines.stream().limit(4).forEach(line -> out.println("  " + line));
      if (lines.size() > 4) {
        out.println("  ... " + (lines.size() - 4) + " more");
      }

      out.println(LEAVER + " turns 31 and leaves the segment");
      cdp.identify(Identify.builder().email(LEAVER).set("age", 31).build());
      SyncReport changes = sync.runDue(cdp.clock().instant());
      out.printf("incremental sync: %d added, %d removed%n", changes.added(), changes.removed());
      for (Path change : files.changeFiles(SegmentStory.UNDER_30)) {
        out.println("change file " + change.getFileName() + ":");
        read(change).forEach(line -> out.println("  " + line));
      }
    }
  }

  private void removeEarlierRun(FileDestination files) {
    if (!Files.isDirectory(directory)) {
      return;
    }
    String prefix = files.snapshotFile(SegmentStory.UNDER_30).getFileName().toString()
        .replace("snapshot.csv", "");
    try (Stream<Path> listing = Files.list(directory)) {
      for (Path file : listing.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
