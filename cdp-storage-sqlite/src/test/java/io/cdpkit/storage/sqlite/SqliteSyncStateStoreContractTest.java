package io.cdpkit.storage.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.cdpkit.segments.activation.PendingChange;
import io.cdpkit.segments.activation.SyncBatch;
import io.cdpkit.segments.activation.SyncMember;
import io.cdpkit.segments.activation.SyncState;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.segments.spi.contract.SyncStateStoreContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The sync state store contract on a SQLite file, and what a close and reopen keeps. */
final class SqliteSyncStateStoreContractTest extends SyncStateStoreContract {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;
  private SqliteStorage storage;

  @Override
  protected SyncStateStore createStore() {
    storage = leaks.track(SqliteStorage.open(dir.resolve("sync.db")));
    return storage.syncStateStore();
  }

  private SyncStateStore reopen() {
    storage.close();
    storage = leaks.track(SqliteStorage.open(dir.resolve("sync.db")));
    return storage.syncStateStore();
  }

  @Test
  void reopen_keepsStatesChangesTheUnacknowledgedBatchAndHeldMembers() {
    SyncMember ann = new SyncMember("ann", Map.of("email", "ann@example.com", "phone", "+4912345"));
    SyncBatch first = new SyncBatch("seg", "dest", 1, SyncBatch.Kind.SNAPSHOT, true, List.of(ann),
        List.of());
    SyncState formed = new SyncState("seg", "dest", SyncState.Status.ACTIVE, null, true, 1, 0, 0,
        T0, null, T0);
    store.saveBatch(first, List.of(), formed);
    SyncState acknowledged = new SyncState("seg", "dest", SyncState.Status.ACTIVE, null, true, 1, 1,
        0, T0.plusNanos(1), null, T0.plusNanos(1));
    store.acknowledge(first, acknowledged);
    PendingChange consumed = store.appendChange("seg", "dest", "bob", "ENTERED", T0);
    PendingChange waiting = store.appendChange("seg", "dest", "cat", "ENTERED", T0.plusNanos(7));
    SyncBatch second = new SyncBatch("seg", "dest", 2, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember("bob", Map.of())), List.of(ann));
    SyncState failed = new SyncState("seg", "dest", SyncState.Status.FAILED, null, true, 2, 1, 3,
        T0.plusSeconds(30), "HTTP 400: bad audience", T0.plusSeconds(31));
    store.saveBatch(second, List.of(consumed.id()), failed);

    store = reopen();

    assertThat(store.states()).containsExactly(failed);
    assertThat(store.findUnacknowledgedBatch("seg", "dest")).contains(second);
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
    SyncState formed = new SyncState("seg", "dest", SyncState.Status.ACTIVE, null, true, 1, 0, 0,
        T0, null, T0);
    store.saveBatch(first, List.of(), formed);
    SyncState other = new SyncState("seg", "dest", SyncState.Status.ACTIVE, null, true, 1, 0, 2,
        T0.plusSeconds(5), null, T0.plusSeconds(5));
    SyncBatch second = new SyncBatch("seg", "dest", 2, SyncBatch.Kind.CHANGES, false,
        List.of(new SyncMember("p1", Map.of())), List.of());

    assertThatIllegalStateException()
        .isThrownBy(() -> store.saveBatch(second, List.of(change.id()), other))
        .withMessageContaining("seg/dest/1");

    assertThat(store.pendingChanges("seg", "dest", 10)).containsExactly(change);
    assertThat(store.findState("seg", "dest")).contains(formed);
    assertThat(store.findUnacknowledgedBatch("seg", "dest")).contains(first);
  }

  @Test
  void syncedMemberIds_pageInCodePointOrder() {
    List<SyncMember> added = List.of(new SyncMember("b", Map.of()), new SyncMember("a", Map.of()),
        new SyncMember("\u00e9", Map.of()), new SyncMember("Z", Map.of()));
    SyncBatch batch = new SyncBatch("seg", "dest", 1, SyncBatch.Kind.SNAPSHOT, true, added,
        List.of());
    store.saveBatch(batch, List.of(), new SyncState("seg", "dest", SyncState.Status.ACTIVE, null,
        true, 1, 0, 0, T0, null, T0));
    store.acknowledge(batch, new SyncState("seg", "dest", SyncState.Status.ACTIVE, null, true, 1,
        1, 0, T0, null, T0));
    assertThat(store.syncedMemberIds("seg", "dest", null, 2)).containsExactly("Z", "a");
    assertThat(store.syncedMemberIds("seg", "dest", "a", 10)).containsExactly("b", "\u00e9");
  }
}
