package io.cdpkit.workflows.spi.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdpkit.core.event.Event;
import io.cdpkit.core.identity.MergeRecord;
import io.cdpkit.core.profile.ObjectValue;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.workflows.spi.EnrollmentStore;
import io.cdpkit.workflows.spi.StoredSignal;
import io.cdpkit.workflows.spi.WorkflowStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The rules of a store that {@linkplain EnrollmentStore#signalsStoredEvents() signals stored
 * events} and {@linkplain EnrollmentStore#signalsMerges() merges}: every event its {@link Storage}
 * stores becomes a pending {@link StoredSignal.Kind#EVENT_STORED} signal in the same write, and
 * every merge it records a {@link StoredSignal.Kind#PROFILES_MERGED} signal, so that no process
 * can store an event its workflow triggers never hear of, or merge profiles whose enrollments
 * never move. Subclass it with one factory method.
 */
public abstract class StoredEventSignalsContract {
  private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A store's data and its enrollment store, sharing one database. */
  public record Stores(Storage storage, EnrollmentStore enrollments) {}

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

  private static Event event(String id, String profileId) {
    return new Event(id, profileId, "purchase", T0, T0, "test", ObjectValue.of(Map.of()), List.of());
  }

  private void store(Event event) {
    stores.storage().write(s -> s.events().insert(event, event.profileId()));
  }

  private Optional<Event> findEvent(String id) {
    return stores.storage().read(s -> s.events().find(id));
  }

  private void enableAWorkflow() {
    stores.enrollments().putStatus(new WorkflowStatus("w", 1, true, T0));
  }

  @Test
  @DisplayName("says it signals stored events")
  void capability() {
    assertThat(stores.enrollments().signalsStoredEvents()).isTrue();
  }

  @Test
  @DisplayName("an event stored while a workflow is enabled is pending, naming event and profile")
  void eventBecomesSignal() throws Exception {
    enableAWorkflow();
    store(event("e-1", "p-1"));
    store(event("e-2", "p-2"));

    List<StoredSignal> pending = stores.enrollments().pendingSignals(10);
    assertThat(pending).extracting(StoredSignal::kind)
        .containsExactly(StoredSignal.Kind.EVENT_STORED, StoredSignal.Kind.EVENT_STORED);
    assertThat(pending.get(0).id()).isLessThan(pending.get(1).id());
    JsonNode first = JSON.readTree(pending.get(0).payload());
    assertThat(first.get("event").asText()).isEqualTo("e-1");
    assertThat(first.get("profile").asText()).isEqualTo("p-1");
    assertThat(JSON.readTree(pending.get(1).payload()).get("event").asText()).isEqualTo("e-2");
  }

  @Test
  @DisplayName("an event stored while no workflow is enabled leaves no signal")
  void noWorkflowNoSignal() {
    stores.enrollments().putStatus(new WorkflowStatus("w", 1, false, null));
    store(event("e-1", "p-1"));
    assertThat(stores.enrollments().pendingSignals(10)).isEmpty();
  }

  @Test
  @DisplayName("an event id stored again adds no second signal")
  void repeatedIdOneSignal() {
    enableAWorkflow();
    store(event("e-1", "p-1"));
    store(event("e-1", "p-1"));
    assertThat(stores.enrollments().pendingSignals(10)).hasSize(1);
  }

  @Test
  @DisplayName("a write that fails keeps neither its events nor their signals")
  void failedWriteNoSignal() {
    enableAWorkflow();
    assertThatThrownBy(() -> stores.storage().write(s -> {
      s.events().insert(event("e-1", "p-1"), "p-1");
      throw new IllegalStateException("the work failed");
    })).isInstanceOf(IllegalStateException.class);
    assertThat(stores.enrollments().pendingSignals(10)).isEmpty();
    assertThat(findEvent("e-1")).isEmpty();
  }

  private void record(MergeRecord.Kind kind, String survivor, List<String> others) {
    stores.storage().write(s -> s.identityLog().append(new MergeRecord(
        0, T0, kind, survivor, others, List.of(), "test", MergeRecord.SYSTEM,
        ObjectValue.of(Map.of()), List.of())));
  }

  @Test
  @DisplayName("says it signals merges")
  void mergeCapability() {
    assertThat(stores.enrollments().signalsMerges()).isTrue();
  }

  @Test
  @DisplayName("a merge recorded while a workflow exists is pending, naming survivor and absorbed ids in order")
  void mergeBecomesSignal() throws Exception {
    stores.enrollments().putStatus(new WorkflowStatus("w", 1, false, null));
    record(MergeRecord.Kind.AUTOMATIC_MERGE, "p-1", List.of("p-3", "p-2"));
    record(MergeRecord.Kind.MANUAL_MERGE, "p-4", List.of("p-5"));

    List<StoredSignal> pending = stores.enrollments().pendingSignals(10);
    assertThat(pending).extracting(StoredSignal::kind)
        .containsExactly(StoredSignal.Kind.PROFILES_MERGED, StoredSignal.Kind.PROFILES_MERGED);
    JsonNode first = JSON.readTree(pending.get(0).payload());
    assertThat(first.get("survivor").asText()).isEqualTo("p-1");
    assertThat(first.get("absorbed")).extracting(JsonNode::asText).containsExactly("p-3", "p-2");
    assertThat(JSON.readTree(pending.get(1).payload()).get("survivor").asText()).isEqualTo("p-4");
  }

  @Test
  @DisplayName("unmerges, refused merges and merges while no workflow exists leave no signal")
  void otherRecordsNoSignal() {
    record(MergeRecord.Kind.AUTOMATIC_MERGE, "p-1", List.of("p-2"));
    stores.enrollments().putStatus(new WorkflowStatus("w", 1, true, T0));
    record(MergeRecord.Kind.UNMERGE, "p-1", List.of("p-2"));
    record(MergeRecord.Kind.MERGE_REFUSED, "p-1", List.of("p-2"));
    record(MergeRecord.Kind.IDENTIFIER_REJECTED, "p-1", List.of());
    assertThat(stores.enrollments().pendingSignals(10)).isEmpty();
  }

  @Test
  @DisplayName("a completed signal is gone and its event stays")
  void completedSignalGone() {
    enableAWorkflow();
    store(event("e-1", "p-1"));
    StoredSignal signal = stores.enrollments().pendingSignals(10).get(0);
    stores.enrollments().completeSignal(signal.id(), List.of());
    assertThat(stores.enrollments().pendingSignals(10)).isEmpty();
    assertThat(findEvent("e-1")).isPresent();
  }
}
