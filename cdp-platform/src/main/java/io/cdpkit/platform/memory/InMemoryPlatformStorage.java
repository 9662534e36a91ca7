package io.cdpkit.platform.memory;

import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.core.storage.memory.InMemoryStorage;
import io.cdpkit.platform.spi.PlatformStorage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.activation.InMemorySyncStateStore;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.insights.InMemoryInsightQueries;
import io.cdpkit.segments.memory.InMemoryComputedAttributeStore;
import io.cdpkit.segments.memory.InMemorySegmentStore;
import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.workflows.memory.InMemoryEnrollmentStore;
import io.cdpkit.workflows.spi.EnrollmentStore;
import java.util.function.Function;

/**
 * Every module's in-memory store behind one {@link PlatformStorage}. Like the SQL stores, it turns
 * every event a write stores and every merge it records into a pending workflow signal when the
 * write's work returns (see {@link EnrollmentStore#signalsStoredEvents()} and {@link
 * EnrollmentStore#signalsMerges()}), and records the profiles it changes in the membership feed
 * ({@link SegmentStore#pendingChanges}). Thread-safe.
 */
public final class InMemoryPlatformStorage implements PlatformStorage {
  private final Storage storage = InMemoryStorage.create();
  private final InMemorySegmentStore segments = InMemorySegmentStore.create();
  private final EnrollmentStore enrollments = InMemoryEnrollmentStore.signallingStoredEvents();
  private final SyncStateStore syncState = new InMemorySyncStateStore();
  private final ComputedAttributeStore computed = new InMemoryComputedAttributeStore();
  private final DocumentStore documents = DocumentStore.inMemory();

  private InMemoryPlatformStorage() {}

  /** A new, empty store, for tests and trials: everything is lost on close. */
  public static InMemoryPlatformStorage create() {
    return new InMemoryPlatformStorage();
  }

  @Override
  public <T> T write(Function<? super StorageSession, T> work) {
    return storage.write(session -> {
      SignallingSession signalling = new SignallingSession(session);
      T result = work.apply(signalling);
      signalling.signal(enrollments);
      signalling.recordChanges(segments);
      return result;
    });
  }

  @Override
  public <T> T read(Function<? super StorageSession, T> work) {
    return storage.read(work);
  }

  @Override
  public void close() {
    storage.close();
  }

  @Override
  public SegmentStore segmentStore() {
    return segments;
  }

  @Override
  public GroupStore groupStore() {
    return segments;
  }

  @Override
  public SegmentQueries segmentQueries() {
    return SegmentQueries.none();
  }

  @Override
  public EnrollmentStore enrollmentStore() {
    return enrollments;
  }

  @Override
  public ComputedAttributeStore computedAttributeStore() {
    return computed;
  }

  @Override
  public SyncStateStore syncStateStore() {
    return syncState;
  }

  @Override
  public DocumentStore documentStore() {
    return documents;
  }

  @Override
  public InsightQueries insightQueries(Segments segments) {
    return InMemoryInsightQueries.of(segments);
  }

  @Override
  public String toString() {
    return "in-memory store";
  }
}
