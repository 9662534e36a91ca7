package io.cdpkit.segments.activation;

import io.cdpkit.core.delivery.DeliveryOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.spi.contract.SegmentDestinationContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class FileDestinationContractTest extends SegmentDestinationContract {
  @TempDir Path directory;

  @Override
  protected SegmentDestination createDestination() {
    return FileDestination.builder("files", directory).build();
  }

  @Override
  protected List<Applied> received() {
    FileDestination files = (FileDestination) destination;
    List<Applied> applied = new ArrayList<>();
    Path snapshot = files.snapshotFile("contract-seg");
    if (Files.exists(snapshot)) {
      applied.add(new Applied(SyncBatch.Kind.SNAPSHOT, ids(snapshot, "added"), List.of()));
    }
    for (Path change : files.changeFiles("contract-seg")) {
      applied.add(new Applied(SyncBatch.Kind.CHANGES, ids(change, "added"), ids(change, "removed")));
    }
    return applied;
  }

  private static List<String> ids(Path file, String change) {
    try {
      return Files.readAllLines(file).stream().skip(1).map(line -> line.split(",", -1))
          .filter(cells -> cells[0].equals(change)).map(cells -> cells[1]).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void files_haveAHeaderAndTheIdentifierColumns_andNoPartsRemain() throws IOException {
    FileDestination files = FileDestination.builder("ads", directory)
        .fields(IdentifierField.plain("email"), IdentifierField.sha256("phone")).build();
    files.deliver(new SyncBatch("young", "ads", 1, SyncBatch.Kind.SNAPSHOT, false,
        List.of(new SyncMember("p-1", java.util.Map.of("email", "a-b@example.com"))), List.of()));
    files.deliver(new SyncBatch("young", "ads", 2, SyncBatch.Kind.SNAPSHOT, true,
        List.of(new SyncMember("p2", java.util.Map.of("phone_sha256", "abc"))), List.of()));
    files.deliver(new SyncBatch("young", "ads", 3, SyncBatch.Kind.CHANGES, false, List.of(),
        List.of(new SyncMember("p1", java.util.Map.of("email", "a@example.com")))));

    assertThat(Files.readAllLines(files.snapshotFile("young"))).containsExactly(
        "change,profile_id,email,phone_sha256", "added,p-1,a-b@example.com,", "added,p2,,abc");
    assertThat(Files.readAllLines(files.changeFile("young", 3))).containsExactly(
        "change,profile_id,email,phone_sha256", "removed,p1,a@example.com,");
    try (var listing = Files.list(directory)) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("young.ads.snapshot.csv", "young.ads.changes-000003.csv");
    }
  }

  @Test
  void unwritableDirectory_isARetryableFailure() throws IOException {
    Path file = Files.writeString(directory.resolve("not-a-directory"), "x");
    FileDestination files = FileDestination.builder("files", file.resolve("sub")).build();
    assertThat(files.deliver(new SyncBatch("s", "files", 1, SyncBatch.Kind.CHANGES, false, List.of(), List.of())))
        .isInstanceOf(DeliveryOutcome.RetryableFailure.class);
  }
}
