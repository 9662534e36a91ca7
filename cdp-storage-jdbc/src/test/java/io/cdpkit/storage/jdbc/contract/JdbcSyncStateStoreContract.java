package io.cdpkit.storage.jdbc.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.cdpkit.segments.activation.PendingChange;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.segments.spi.contract.SyncStateStoreContract;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sync state store contract on a SQL store, and what the SQL stores promise beyond it: a
 * close and reopen keeps states, changes, the unacknowledged batch and held members; change ids
 * are never reused; a refused or outdated batch changes nothing. A store's test extends it and
 * says how the store is created and reopened.
 */
public abstract class JdbcSyncStateStoreContract extends SyncStateStoreContract {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  /**
   * Closes the store {@link #createStore()} opened and opens it again on the same database, ready
   * to take over what the closed one held.
   */
  protected abstract SyncStateStore reopen();

  private static SyncState state(long sequence, long acknowledged, int attempts) {
    return new SyncState("seg", "dest", SyncState.Status.ACTIVE, null, true, sequence,
        acknowledged, attempts, T0.plusNanos(attempts), null, T0.plusNanos(7));
  }

  @Test
  void reopen_keepsStatesChangesTheUnacknowledgedBatchAndHeldMembers() {
    SyncMember ann = new SyncMember("ann", Map.of("email", "ann@example.com", "phone", "+4912345"));
    SyncBatch first = new SyncBatch("seg", "dest", 1, SyncBatch.Kind.SNAPSHOT, true, List.of(ann),
        List.of());
    store.saveBatch(first, List.of(), state(1, 0, 0));
    store.acknowledge(first, state(1, 1, 0));
    PendingChange consumed = store.appendChange("seg", "dest", "bob", "ENTERED", T0);
    PendingChange waiting = store.appendChange("seg", "dest", "cat", "ENTERED", T0.plusNanos(7));
    SyncBatch second = new SyncBatch("seg", "dest", 2, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember("bob", Map.of())), List.of(ann));
    SyncState failed = new SyncState("seg", "dest", SyncState.Status.FAILED, null, true, 2, 1, 3,
        T0.plusSeconds(30), "HTTP 400: bad audience", T0.plusSeconds(31));
    store.saveBatch(second, List.of(consumed.id()), failed);

    store = reopen();

    assertThat(store.states()).containsExactly(failed);
    assertThat(store.findUnacknowledgedBatch("seg", "dest"))
        .as("the closed store's batch, taken over by the reopened one")
        .contains(second);
    assertThat(store.pendingChanges("seg", "dest", 10)).containsExactly(waiting);
    assertThat(store.findSyncedMember("seg", "dest", "ann")).contains(ann);
    assertThat(store.countSyncedMembers("seg", "dest")).isEqualTo(1);
    assertThat(store.appendChange("seg", "dest", "dan", "ENTERED", T0).id())
        .as("ids keep growing across a reopen")
        .isGreaterThan(waiting.id());
  }

  @Test
  void changeIds_areNotReused_afterTheNewestWasDeleted() {
    PendingChange first = store.appendChange("seg", "dest", "p1", "ENTERED", T0);
    store.deleteChanges(List.of(first.id()));
    assertThat(store.appendChange("seg", "dest", "p2", "ENTERED", T0).id())
        .isGreaterThan(first.id());
  }

  @Test
  void refusedBatch_changesNothing() {
    PendingChange change = store.appendChange("seg", "dest", "p1", "ENTERED", T0);
    SyncBatch first = new SyncBatch("seg", "dest", 1, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember("p0", Map.of())), List.of());
    store.saveBatch(first, List.of(), state(1, 0, 0));
    SyncBatch second = new SyncBatch("seg", "dest", 2, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember("p1", Map.of())), List.of());

    assertThatIllegalStateException()
        .isThrownBy(() -> store.saveBatch(second, List.of(change.id()), state(1, 0, 2)))
        .withMessageContaining("seg/dest/1");

    assertThat(store.pendingChanges("seg", "dest", 10)).containsExactly(change);
    assertThat(store.findState("seg", "dest")).contains(state(1, 0, 0));
    assertThat(store.findUnacknowledgedBatch("seg", "dest")).contains(first);
  }

  @Test
  void batchFormedFromAnOutdatedState_isRefused() {
    SyncBatch first = new SyncBatch("seg", "dest", 1, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember("p1", Map.of())), List.of());
    store.saveBatch(first, List.of(), state(1, 0, 0));
    store.acknowledge(first, state(1, 1, 0));
    SyncBatch again = new SyncBatch("seg", "dest", 1, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember("p2", Map.of())), List.of());

    assertThatIllegalStateException()
        .as("another instance read the state before the first batch and forms sequence 1 again")
        .isThrownBy(() -> store.saveBatch(again, List.of(), state(1, 0, 0)))
        .withMessageContaining("outdated");
    assertThat(store.findUnacknowledgedBatch("seg", "dest")).isEmpty();
  }

  @Test
  void acknowledge_keepsTheLastIdentifiersOfAMemberAddedTwice() {
    SyncBatch batch = new SyncBatch("seg", "dest", 1, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember("p1", Map.of("email", "old@example.com")),
            new SyncMember("p1", Map.of("email", "new@example.com"))),
        List.of());
    store.saveBatch(batch, List.of(), state(1, 0, 0));
    store.acknowledge(batch, state(1, 1, 0));
    assertThat(store.findSyncedMember("seg", "dest", "p1"))
        .contains(new SyncMember("p1", Map.of("email", "new@example.com")));
  }

  @Test
  void syncedMemberIds_pageInCodePointOrder() {
    List<SyncMember> added = List.of(new SyncMember("b", Map.of()), new SyncMember("a", Map.of()),
        new SyncMember("\u00e9", Map.of()), new SyncMember("Z", Map.of()));
    SyncBatch batch = new SyncBatch("seg", "dest", 1, SyncBatch.Kind.SNAPSHOT, true, added,
        List.of());
    store.saveBatch(batch, List.of(), state(1, 0, 0));
    store.acknowledge(batch, state(1, 1, 0));
    assertThat(store.syncedMemberIds("seg", "dest", null, 2)).containsExactly("Z", "a");
    assertThat(store.syncedMemberIds("seg", "dest", "a", 10)).containsExactly("b", "\u00e9");
  }
}
