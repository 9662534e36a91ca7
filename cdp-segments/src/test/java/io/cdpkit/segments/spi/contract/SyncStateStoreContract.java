package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.segments.activation.PendingChange;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The rules every {@link SyncStateStore} follows. Subclass with {@link #createStore()} returning an
 * empty store.
 */
public abstract class SyncStateStoreContract {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  protected SyncStateStore store;

  /** A new, empty store. */
  protected abstract SyncStateStore createStore();

  @BeforeEach
  void createTheStore() {
    store = createStore();
  }

  private static SyncState formed(long sequence, long acknowledged) {
    return new SyncState("seg", "dest", SyncState.Status.ACTIVE, null, true, sequence, acknowledged,
        0, T0, null, T0);
  }

  private static SyncBatch batch(long sequence, List<SyncMember> added, List<SyncMember> removed) {
    return new SyncBatch("seg", "dest", sequence, SyncBatch.Kind.CHANGES, false, added, removed);
  }

  private static SyncMember member(String id, String email) {
    return new SyncMember(id, Map.of("email", email));
  }

  @Nested
  class States {
    @Test
    @DisplayName("a saved state is found again, and replaced by the next save of its pair")
    void saveAndFind() {
      SyncState initial = SyncState.initial("seg", "dest", T0);
      store.saveState(initial);
      assertThat(store.findState("seg", "dest")).contains(initial);
      SyncState failed = new SyncState("seg", "dest", SyncState.Status.FAILED, "cursor-1", false,
          0, 0, 3, T0, "HTTP 400", T0.plusSeconds(1));
      store.saveState(failed);
      assertThat(store.findState("seg", "dest")).contains(failed);
      assertThat(store.findState("seg", "other")).isEmpty();
    }

    @Test
    @DisplayName("states are listed by segment, then destination")
    void listed() {
      store.saveState(SyncState.initial("b", "x", T0));
      store.saveState(SyncState.initial("a", "y", T0));
      store.saveState(SyncState.initial("a", "x", T0));
      assertThat(store.states()).extracting(s -> s.segment() + "/" + s.destination())
          .containsExactly("a/x", "a/y", "b/x");
    }
  }

  @Nested
  class Changes {
    @Test
    @DisplayName("changes get increasing ids and come back oldest first, per pair, up to the limit")
    void appendAndRead() {
      PendingChange first = store.appendChange("seg", "dest", "p1", "ENTERED", T0);
      store.appendChange("seg", "other", "p2", "ENTERED", T0);
      PendingChange third = store.appendChange("seg", "dest", "p3", "EXITED", T0.plusSeconds(1));
      assertThat(third.id()).isGreaterThan(first.id());
      assertThat(store.pendingChanges("seg", "dest", 10)).containsExactly(first, third);
      assertThat(store.pendingChanges("seg", "dest", 1)).containsExactly(first);
      assertThat(store.countPendingChanges("seg", "dest")).isEqualTo(2);
    }

    @Test
    @DisplayName("deleted changes are gone, others stay")
    void delete() {
      PendingChange first = store.appendChange("seg", "dest", "p1", "ENTERED", T0);
      PendingChange second = store.appendChange("seg", "dest", "p2", "ENTERED", T0);
      store.deleteChanges(List.of(first.id()));
      assertThat(store.pendingChanges("seg", "dest", 10)).containsExactly(second);
    }
  }

  @Nested
  class Batches {
    @Test
    @DisplayName("saving a batch consumes its changes and saves the state in one step")
    void saveBatch() {
      PendingChange change = store.appendChange("seg", "dest", "p1", "ENTERED", T0);
      PendingChange later = store.appendChange("seg", "dest", "p2", "ENTERED", T0);
      SyncBatch batch = batch(1, List.of(member("p1", "a@example.com")), List.of());
      store.saveBatch(batch, List.of(change.id()), formed(1, 0));
      assertThat(store.findUnacknowledgedBatch("seg", "dest")).contains(batch);
      assertThat(store.pendingChanges("seg", "dest", 10)).containsExactly(later);
      assertThat(store.findState("seg", "dest")).contains(formed(1, 0));
    }

    @Test
    @DisplayName("forming alone runs the forming and returns its batch; a failed forming holds the pair no longer")
    void formAlone() {
      store.saveState(SyncState.initial("seg", "dest", T0));
      SyncBatch batch = batch(1, List.of(member("p1", "a@example.com")), List.of());
      assertThatThrownBy(() -> store.formAlone("seg", "dest", () -> {
        throw new IllegalStateException("destination gone");
      })).hasMessage("destination gone");
      assertThat(store.formAlone("seg", "dest", () -> {
        store.saveBatch(batch, List.of(), formed(1, 0));
        return batch;
      })).isEqualTo(batch);
      assertThat(store.findUnacknowledgedBatch("seg", "dest")).contains(batch);
      store.acknowledge(batch, formed(1, 1));
      assertThat(store.<SyncBatch>formAlone("seg", "dest", () -> null)).isNull();
      assertThat(store.formAlone("seg", "dest", () -> "again")).isEqualTo("again");
    }

    @Test
    @DisplayName("a second batch before the first is acknowledged is refused")
    void oneUnacknowledgedBatch() {
      store.saveBatch(batch(1, List.of(member("p1", "a@example.com")), List.of()), List.of(), formed(1, 0));
      assertThatThrownBy(() -> store.saveBatch(batch(2, List.of(), List.of(member("p1", "a@example.com"))),
          List.of(), formed(1, 0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("acknowledging records added members with their identifiers and forgets removed ones")
    void acknowledge() {
      SyncBatch first = batch(1, List.of(member("p1", "a@example.com"), member("p2", "b@example.com")), List.of());
      store.saveBatch(first, List.of(), formed(1, 0));
      store.acknowledge(first, formed(1, 1));
      assertThat(store.findUnacknowledgedBatch("seg", "dest")).isEmpty();
      assertThat(store.findSyncedMember("seg", "dest", "p1")).contains(member("p1", "a@example.com"));
      assertThat(store.countSyncedMembers("seg", "dest")).isEqualTo(2);
      assertThat(store.syncedMemberIds("seg", "dest", null, 10)).hasSize(2).isSorted();
      assertThat(store.syncedMemberIds("seg", "dest", null, 1)).hasSize(1);
      String firstHeld = store.syncedMemberIds("seg", "dest", null, 1).get(0);
      assertThat(store.syncedMemberIds("seg", "dest", firstHeld, 10)).hasSize(1).doesNotContain(firstHeld);

      SyncBatch second = batch(2, List.of(member("p2", "new@example.com")), List.of(member("p1", "a@example.com")));
      store.saveBatch(second, List.of(), formed(2, 1));
      store.acknowledge(second, formed(2, 2));
      assertThat(store.findSyncedMember("seg", "dest", "p1")).isEmpty();
      assertThat(store.findSyncedMember("seg", "dest", "p2")).contains(member("p2", "new@example.com"));
      assertThat(store.findState("seg", "dest")).contains(formed(2, 2));
    }

    @Test
    @DisplayName("acknowledging a batch that is not the unacknowledged one is refused")
    void acknowledgeWrongBatch() {
      assertThatThrownBy(() -> store.acknowledge(batch(1, List.of(), List.of()), formed(1, 1)))
          .isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("members are kept per segment and destination")
    void perPair() {
      SyncBatch batch = batch(1, List.of(member("p1", "a@example.com")), List.of());
      store.saveBatch(batch, List.of(), formed(1, 0));
      store.acknowledge(batch, formed(1, 1));
      assertThat(store.findSyncedMember("seg", "other", "p1")).isEmpty();
      assertThat(store.findSyncedMember("other", "dest", "p1")).isEmpty();
    }
  }

  @Nested
  class Erasure {
    @Test
    @DisplayName("forgetting a profile deletes its pending changes and held places in every pair")
    void changesAndMembers() {
      SyncBatch batch = batch(1, List.of(member("p1", "a@example.com"),
          member("p2", "b@example.com")), List.of());
      store.saveBatch(batch, List.of(), formed(1, 0));
      store.acknowledge(batch, formed(1, 1));
      store.appendChange("seg", "dest", "p1", "ENTERED", T0);
      store.appendChange("seg", "other", "p1", "ENTERED", T0);
      store.appendChange("seg", "dest", "p2", "ENTERED", T0);

      store.forgetProfile("p1");

      assertThat(store.findSyncedMember("seg", "dest", "p1")).isEmpty();
      assertThat(store.findSyncedMember("seg", "dest", "p2")).isPresent();
      assertThat(store.syncedMemberIds("seg", "dest", null, 10)).containsExactly("p2");
      assertThat(store.pendingChanges("seg", "dest", 10)).extracting(PendingChange::profileId)
          .containsExactly("p2");
      assertThat(store.countPendingChanges("seg", "other")).isZero();
    }

    @Test
    @DisplayName("forgetting a profile takes it out of an unacknowledged batch, which stays")
    void unacknowledgedBatch() {
      SyncBatch batch = batch(1, List.of(member("p1", "a@example.com"),
          member("p2", "b@example.com")), List.of(member("p1", "a@example.com")));
      store.saveBatch(batch, List.of(), formed(1, 0));

      store.forgetProfile("p1");

      SyncBatch stored = store.findUnacknowledgedBatch("seg", "dest").orElseThrow();
      assertThat(stored.sequence()).isEqualTo(1);
      assertThat(stored.added()).containsExactly(member("p2", "b@example.com"));
      assertThat(stored.removed()).isEmpty();
      // The sync may still hold its copy from before the erasure: acknowledging it holds no p1.
      store.acknowledge(batch, formed(1, 1));
      assertThat(store.findSyncedMember("seg", "dest", "p1")).isEmpty();
      assertThat(store.findSyncedMember("seg", "dest", "p2")).isPresent();
    }
  }
}
