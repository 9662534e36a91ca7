package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.core.delivery.DeliveryOutcome;
import io.cdpkit.segments.activation.SegmentDestination;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link SegmentDestination} follows against a working backend. Subclass with
 * {@link #createDestination()} and {@link #received()}, what the backend holds or saw, read back
 * from it (a file, a local server started by the test).
 */
public abstract class SegmentDestinationContract {
  protected SegmentDestination destination;

  /** A destination whose backend is empty and working; it asks for the plain email. */
  protected abstract SegmentDestination createDestination();

  /**
   * The batches the backend applied, each once, in order, as (kind, added ids, removed ids): for
   * example read back from files or recorded by a server that ignores repeated idempotency keys.
   */
  protected abstract List<Applied> received();

  /** One applied batch as the backend saw it. */
  public record Applied(SyncBatch.Kind kind, List<String> added, List<String> removed) {}

  @BeforeEach
  void createTheDestination() {
    destination = createDestination();
  }

  private SyncBatch batch(long sequence, SyncBatch.Kind kind, boolean last, List<String> added,
      List<String> removed) {
    return new SyncBatch("contract-seg", destination.name(), sequence, kind, last,
        added.stream().map(id -> new SyncMember(id, Map.of("email", id + "@example.com"))).toList(),
        removed.stream().map(id -> new SyncMember(id, Map.of("email", id + "@example.com"))).toList());
  }

  @Test
  @DisplayName("a snapshot in parts, then a change batch, are all delivered and applied in order")
  void snapshotThenChanges() {
    assertThat(destination.deliver(batch(1, SyncBatch.Kind.SNAPSHOT, false, List.of("p1", "p2"), List.of())))
        .isEqualTo(DeliveryOutcome.delivered());
    assertThat(destination.deliver(batch(2, SyncBatch.Kind.SNAPSHOT, true, List.of("p3"), List.of())))
        .isEqualTo(DeliveryOutcome.delivered());
    assertThat(destination.deliver(batch(3, SyncBatch.Kind.CHANGES, false, List.of("p4"), List.of("p1"))))
        .isEqualTo(DeliveryOutcome.delivered());
    List<Applied> received = received();
    assertThat(received).last().isEqualTo(new Applied(SyncBatch.Kind.CHANGES, List.of("p4"), List.of("p1")));
    assertThat(received.stream().filter(a -> a.kind() == SyncBatch.Kind.SNAPSHOT)
        .flatMap(a -> a.added().stream())).containsExactlyInAnyOrder("p1", "p2", "p3");
  }

  @Test
  @DisplayName("the same batch delivered twice (same idempotency key) is applied once and acknowledged twice")
  void idempotent() {
    SyncBatch changes = batch(1, SyncBatch.Kind.CHANGES, false, List.of("p1"), List.of());
    assertThat(destination.deliver(changes)).isEqualTo(DeliveryOutcome.delivered());
    assertThat(destination.deliver(changes)).isEqualTo(DeliveryOutcome.delivered());
    assertThat(received()).containsExactly(new Applied(SyncBatch.Kind.CHANGES, List.of("p1"), List.of()));
  }

  @Test
  @DisplayName("an empty snapshot (an empty segment) is delivered")
  void emptySnapshot() {
    assertThat(destination.deliver(batch(1, SyncBatch.Kind.SNAPSHOT, true, List.of(), List.of())))
        .isEqualTo(DeliveryOutcome.delivered());
  }
}
