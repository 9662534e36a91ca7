package io.cdpkit.platform.spi;

import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.workflows.spi.EnrollmentStore;

/**
 * One store that holds every module's data and hands its backends to {@code
 * io.cdpkit.platform.CdpPlatform}: the Cdp's profiles and events ({@link Storage}), segment
 * definitions and memberships, static groups, computed attribute definitions, workflow enrollments, segment sync state and named documents, plus
 * the queries it answers in its own language. {@code SqliteStorage}, {@code PostgresStorage} and,
 * for tests and trials, {@code io.cdpkit.platform.memory.InMemoryPlatformStorage} implement it,
 * so that a platform picks no store by class. Implementations are thread-safe.
 */
public interface PlatformStorage extends Storage {

  /** Where saved segment definitions and memberships live. */
  SegmentStore segmentStore();

  /** Where static groups live. */
  GroupStore groupStore();

  /** Segment matches and counts answered inside the store. */
  SegmentQueries segmentQueries();

  /** Where workflow definitions, enrollments, timers and send records live. */
  EnrollmentStore enrollmentStore();

  /** Where computed attribute definitions live, shared by every process on the store. */
  ComputedAttributeStore computedAttributeStore();

  /** Where segment sync progress and pending changes live. */
  SyncStateStore syncStateStore();

  /**
   * Named documents and claims shared by every process on the store, for modules that keep one
   * document for the whole deployment (the predictions module's fit and its refit claim).
   */
  DocumentStore documentStore();

  /** Event insights and series answered inside the store, for {@code segments} on this store. */
  InsightQueries insightQueries(Segments segments);
}
