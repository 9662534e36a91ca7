package io.cdpkit.segments.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.StoredProfile;
import io.cdpkit.segments.SavedSegment;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.segments.spi.SegmentStore.PendingChange;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules of a store that keeps the membership feed (see {@link
 * SegmentStore#pendingChanges}): every profile a write of its {@link Storage} changes becomes a
 * pending change in the same write while some segment is saved, so that no process can change a
 * profile whose segment membership is never evaluated again. Subclass it with one factory method.
 */
public abstract class MembershipFeedContract {
  private static final Instant T0 = Instant.parse("2026-06-15T12:00:00Z");

  /** A store's data and its segment store, sharing one database. */
  public record Stores(Storage storage, SegmentStore segments) {}

  private Stores stores;

  /** A new, empty store; the kit closes its storage after each test. */
  protected abstract Stores createStores();

  @BeforeEach
  void createTheStores() {
    stores = createStores();
  }

  @AfterEach
  void closeTheStorage() {
    stores.storage().close();
  }

  private void saveASegment() {
    stores.segments().putSegment(new SavedSegment("vip", "plan = \"pro\"", null, T0, T0));
  }

  private static StoredProfile profile(String id) {
    return new StoredProfile(id, ObjectValue.of(Map.of()), List.of(), T0, T0, Set.of());
  }

  private static Event event(String id, String profileId) {
    return new Event(id, profileId, "purchase", T0, T0, "test", ObjectValue.of(Map.of()), List.of());
  }

  private void create(String... ids) {
    for (String id : ids) {
      stores.storage().write(s -> {
        s.profiles().insert(profile(id));
        return null;
      });
    }
  }

  private void update(String id) {
    stores.storage().write(s -> {
      s.profiles().update(profile(id).withAttributes(ObjectValue.of(Map.of()), T0.plusSeconds(60)));
      return null;
    });
  }

  private List<String> pendingIds() {
    return stores.segments().pendingChanges(100).stream().map(PendingChange::profileId).toList();
  }

  @Test
  @DisplayName("a profile created or changed while a segment is saved is pending, oldest first")
  void changeBecomesPending() {
    saveASegment();
    create("p-2", "p-1");
    update("p-2");
    assertThat(pendingIds()).containsExactly("p-2", "p-1");
    assertThat(stores.segments().findPendingChange("p-1")).isPresent();
  }

  @Test
  @DisplayName("a change while no segment is saved leaves nothing pending")
  void noSegmentNothingPending() {
    create("p-1");
    assertThat(pendingIds()).isEmpty();
  }

  @Test
  @DisplayName("a stored event makes its profile pending, once for a write of several events")
  void eventBecomesPending() {
    saveASegment();
    create("p-1");
    PendingChange created = stores.segments().findPendingChange("p-1").orElseThrow();
    stores.segments().completeChange(created);
    stores.storage().write(s -> {
      s.events().insert(event("e-1", "p-1"), "p-1");
      s.events().insert(event("e-2", "p-1"), "p-1");
      return null;
    });
    assertThat(stores.segments().pendingChanges(100)).hasSize(1)
        .extracting(PendingChange::profileId).containsExactly("p-1");
  }

  @Test
  @DisplayName("a completed change is gone")
  void completedGone() {
    saveASegment();
    create("p-1");
    PendingChange change = stores.segments().pendingChanges(10).get(0);
    assertThat(stores.segments().completeChange(change)).isTrue();
    assertThat(pendingIds()).isEmpty();
    assertThat(stores.segments().findPendingChange("p-1")).isEmpty();
  }

  @Test
  @DisplayName("a change recorded again after it was read stays pending when the older one is completed")
  void newerChangeStays() {
    saveASegment();
    create("p-1");
    PendingChange read = stores.segments().findPendingChange("p-1").orElseThrow();
    update("p-1");
    PendingChange newer = stores.segments().findPendingChange("p-1").orElseThrow();
    assertThat(newer.sequence()).isNotEqualTo(read.sequence());

    assertThat(stores.segments().completeChange(read)).isFalse();
    assertThat(stores.segments().findPendingChange("p-1")).contains(newer);
    assertThat(stores.segments().completeChange(newer)).isTrue();
    assertThat(pendingIds()).isEmpty();
  }

  @Test
  @DisplayName("a merge makes the survivor and the absorbed ids pending")
  void mergeBothIds() {
    saveASegment();
    stores.storage().write(s -> s.identityLog().append(new MergeRecord(
        0, T0, MergeRecord.Kind.AUTOMATIC_MERGE, "p-1", List.of("p-3", "p-2"), List.of(), "test",
        MergeRecord.SYSTEM, ObjectValue.of(Map.of()), List.of())));
    assertThat(pendingIds()).containsExactlyInAnyOrder("p-1", "p-2", "p-3");
  }

  @Test
  @DisplayName("a deleted profile's pending change is dropped")
  void deletedDropped() {
    saveASegment();
    create("p-1", "p-2");
    stores.storage().write(s -> {
      s.profiles().delete("p-1");
      return null;
    });
    assertThat(pendingIds()).containsExactly("p-2");
  }

  @Test
  @DisplayName("a write that fails records no pending change")
  void failedWriteNothing() {
    saveASegment();
    assertThatThrownBy(() -> stores.storage().write(s -> {
      s.profiles().insert(profile("p-1"));
      throw new IllegalStateException("the work failed");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(pendingIds()).isEmpty();
  }
}
