package io.cdpkit.storage.jdbc;

import io.cdpkit.core.StorageException;
import io.cdpkit.core.spi.DocumentStore;
import io.cdpkit.core.spi.Storage;
import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.segments.activation.SyncStateStore;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.spi.ComputedAttributeStore;
import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.spi.SegmentStore;
import io.cdpkit.storage.jdbc.core.JdbcDocumentStore;
import io.cdpkit.storage.jdbc.segments.JdbcComputedAttributeStore;
import io.cdpkit.workflows.spi.EnrollmentStore;
import java.util.function.Function;

/**
 * What CDPKit's SQL stores offer alike: the core ports through {@link #write} and {@link #read},
 * and on the same database the segments and workflows modules' stores. Each store's class says
 * what its transactions guarantee. Thread-safe.
 */
public abstract class JdbcStorage implements Storage {
  private final TransactionRunner database;

  /** A storage over {@code database}, which it closes on {@link #close()}. */
  protected JdbcStorage(TransactionRunner database) {
    this.database = database;
  }

  /**
   * {@inheritDoc}
   *
   * @throws StorageException when the database fails (the store's subclass of it, such as
   *     {@code SqliteStorageException}); nothing of the work is kept
   * @throws IllegalStateException when the store is closed
   */
  @Override
  public <T> T write(Function<? super StorageSession, T> work) {
    return database.write(work);
  }

  /**
   * {@inheritDoc}
   *
   * @throws StorageException when the database fails (the store's subclass of it)
   * @throws IllegalStateException when the store is closed
   */
  @Override
  public <T> T read(Function<? super StorageSession, T> work) {
    return database.read(work);
  }

  /** Closes the connections this store opened, after a running write. Idempotent. */
  @Override
  public void close() {
    database.close();
  }

  /**
   * The segments module's store of saved segments, memberships and time checks, on this database.
   * Each call is a transaction of its own, or joins the write running on the calling thread.
   * Closing it does nothing; close this storage instead.
   */
  public SegmentStore segmentStore() {
    return database.segmentStore();
  }

  /** The segments module's store of static groups, on this database; as {@link #segmentStore()}. */
  public GroupStore groupStore() {
    return database.groupStore();
  }

  /**
   * The workflows module's store of definitions, workflow statuses, enrollments with their timers
   * and history, and send records, on this database, for {@code WorkflowEngine.builder(cdp,
   * segments).store(...)}: enrollments then survive a restart, a timer that fell due while the
   * process was down fires on the next {@code runDue}, and a send cut off between its intent and
   * its outcome is resent with the same idempotency key. Each call is a transaction of its own, or
   * joins the write running on the calling thread.
   */
  public EnrollmentStore enrollmentStore() {
    return database.enrollmentStore();
  }

  /**
   * The segments module's sync state store (where each segment's sync to each destination stands,
   * its pending changes, its unacknowledged batch and the members the destination holds), on this
   * database, for {@code SegmentSync.builder(cdp, segments).store(...)}: a restart then resumes
   * from the last acknowledged batch, resending the unacknowledged one with its idempotency key.
   */
  public SyncStateStore syncStateStore() {
    return database.syncStateStore();
  }

  /**
   * The segments module's store of computed attribute definitions, on this database, so that
   * every process on it knows the same {@code $computed.NAME} attributes.
   */
  public ComputedAttributeStore computedAttributeStore() {
    return new JdbcComputedAttributeStore(database);
  }

  /**
   * Named documents and claims on this database, shared by every process on it: where the
   * predictions module keeps its latest fit and claims each refit, so that one process refits.
   */
  public DocumentStore documentStore() {
    return new JdbcDocumentStore(database);
  }

  /**
   * Segment expressions answered by one SQL query on this database, for {@code
   * Segments.builder(cdp).queries(...)}: counts, member lists and the initial members of saved
   * segments then run in the database instead of evaluating every profile in Java, with the same
   * answers. Use it with a Cdp on this storage; {@code in group} is answered in SQL when the
   * segments service keeps its groups in {@link #groupStore()}, and an expression with a part the
   * database cannot answer exactly is left to the service.
   */
  public SegmentQueries segmentQueries() {
    return database.segmentQueries();
  }

  /**
   * Insights answered by SQL on this database (event statistics, a time series, profiles over
   * time, monthly active users), with exactly the answers of {@code InMemoryInsightQueries}, for
   * {@code Insights.of(segments, storage.insightQueries(segments), computed)}. Use it with segments
   * on a Cdp on this storage: a series' segment filter is resolved by {@code segments.matching} (in
   * SQL when the segments are built with {@link #segmentQueries()}) and bound to the query as a
   * list of ids.
   */
  public abstract InsightQueries insightQueries(Segments segments);

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + database.name() + "]";
  }
}
