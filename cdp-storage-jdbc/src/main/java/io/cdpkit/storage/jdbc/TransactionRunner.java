package io.cdpkit.storage.jdbc;

import io.cdpkit.core.spi.StorageSession;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.storage.jdbc.core.JdbcSession;
import io.cdpkit.storage.jdbc.core.RowCache;
import io.cdpkit.storage.jdbc.segments.BatchClaims;
import io.cdpkit.storage.jdbc.segments.InsightDialect;
import io.cdpkit.storage.jdbc.segments.JdbcInsightQueries;
import io.cdpkit.storage.jdbc.segments.JdbcSegmentQueries;
import io.cdpkit.storage.jdbc.segments.JdbcSegmentStore;
import io.cdpkit.storage.jdbc.segments.JdbcSyncStateStore;
import io.cdpkit.storage.jdbc.sql.SqlDialect;
import io.cdpkit.storage.jdbc.workflows.JdbcEnrollmentStore;
import java.util.Objects;
import java.util.function.Function;

/**
 * What every store's transactions share: a write nested in a write on the same thread joins it, a
 * read inside a write sees the write's transaction (refusing changes), a read nested in a read
 * joins it, a write records the profiles it changed in the membership feed before it ends, and a
 * session ends (its cursors closed) when its callback returns; and the segments and
 * workflows modules' stores on the database. Each store implements only how a new transaction runs:
 * SQLite on its one writer or a reader, PostgreSQL on a pooled connection at SERIALIZABLE with
 * retries. Thread-safe.
 */
public abstract class TransactionRunner implements JdbcDatabase {
  private final ThreadLocal<JdbcSession> currentWrite = new ThreadLocal<>();
  private final ThreadLocal<JdbcSession> currentRead = new ThreadLocal<>();
  private final JdbcDialect dialect;
  private final SqlDialect segmentSql;
  private final JdbcSegmentStore segmentStore;
  private final JdbcSegmentQueries segmentQueries;
  private final JdbcEnrollmentStore enrollmentStore;
  private final JdbcSyncStateStore syncStateStore;
  /** Set by {@link #close()}; new transactions refuse to start. */
  protected volatile boolean closed;

  /**
   * @param segmentSql how segment expressions compile on this database
   * @param rows how workflow timers and signals, and pending membership changes, are claimed
   * @param batches how destination batches are claimed
   */
  protected TransactionRunner(
      JdbcDialect dialect, SqlDialect segmentSql, RowClaims rows, BatchClaims batches) {
    this.dialect = dialect;
    this.segmentSql = segmentSql;
    this.segmentStore = new JdbcSegmentStore(this, rows);
    this.segmentQueries = new JdbcSegmentQueries(this, segmentSql, segmentStore);
    this.enrollmentStore = new JdbcEnrollmentStore(this, rows);
    this.syncStateStore = new JdbcSyncStateStore(this, batches);
  }

  /** Insights on this database for the segments service of a Cdp on the same store. */
  public final InsightQueries insightQueries(Segments segments, InsightDialect insights) {
    return JdbcInsightQueries.on(this, segments, segmentSql, insights);
  }

  @Override
  public final <T> T write(Function<? super StorageSession, T> work) {
    Objects.requireNonNull(work, "work");
    JdbcSession joined = currentWrite.get();
    return joined != null ? work.apply(joined) : newWrite(work);
  }

  @Override
  public final <T> T read(Function<? super StorageSession, T> work) {
    Objects.requireNonNull(work, "work");
    JdbcSession write = currentWrite.get();
    if (write != null) {
      JdbcSession view = write.readOnlyView();
      try {
        return work.apply(view);
      } finally {
        view.sql().end();
      }
    }
    JdbcSession joined = currentRead.get();
    return joined != null ? work.apply(joined) : newRead(work);
  }

  /** Runs {@code work} in a new write transaction; no write runs on this thread. */
  protected abstract <T> T newWrite(Function<? super StorageSession, T> work);

  /** Runs {@code work} in a new read transaction; no transaction runs on this thread. */
  protected abstract <T> T newRead(Function<? super StorageSession, T> work);

  /**
   * Runs {@code work} in a session on {@code connection}, reading through {@code cache}, as this
   * thread's write (or read), then ends the session, also when {@code work} throws. The caller
   * begins the transaction, and commits or rolls back around it.
   */
  protected final <T> T inSession(SqlConnection connection, boolean writable, RowCache cache,
      Function<? super StorageSession, T> work) {
    JdbcSession session = new JdbcSession(new Sql(connection, dialect, writable), cache);
    ThreadLocal<JdbcSession> current = writable ? currentWrite : currentRead;
    current.set(session);
    try {
      T result = work.apply(session);
      if (writable) {
        JdbcSegmentStore.recordChanges(session.sql(), session.changedProfiles());
      }
      session.sql().end();
      return result;
    } catch (RuntimeException | Error e) {
      try {
        session.sql().end();
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    } finally {
      current.remove();
    }
  }

  /** Fails once the store is closed. */
  protected final void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name() + " is closed");
    }
  }

  /** The segments module's store of segments (and of groups) on this database. */
  public final JdbcSegmentStore segmentStore() {
    return segmentStore;
  }

  @Override
  public final JdbcSegmentStore groupStore() {
    return segmentStore;
  }

  /** Segment expressions answered by SQL on this database. */
  public final JdbcSegmentQueries segmentQueries() {
    return segmentQueries;
  }

  /** The workflows module's store on this database. */
  public final JdbcEnrollmentStore enrollmentStore() {
    return enrollmentStore;
  }

  /** The segments module's sync state store on this database. */
  public final JdbcSyncStateStore syncStateStore() {
    return syncStateStore;
  }

  @Override
  public JdbcDialect dialect() {
    return dialect;
  }

  @Override
  public final String name() {
    return dialect.store();
  }
}
