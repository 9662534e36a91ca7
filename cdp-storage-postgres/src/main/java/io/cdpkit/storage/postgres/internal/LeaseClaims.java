package io.cdpkit.storage.postgres.internal;

import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.RowClaims;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.storage.postgres.PostgresOptions;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design: claims with a lease, taken with SKIP LOCKED.
 *
 * Several application instances may run WorkflowEngine.runDue on one database, each with its own
 * store instance, and no two may advance the same enrollment or handle the same signal. So a claim
 * is one UPDATE that takes the rows that are free (unclaimed, or their lease ended) or already
 * claimed by this store instance, picked in order FOR UPDATE SKIP LOCKED so that an instance never
 * waits for another's claim in progress, and marks them claimed by this instance (a random owner
 * id, or one named by PostgresOptions.instanceId) until the database's clock plus the lease.
 * Leases are judged by the database's clock_timestamp(), so instances whose clocks disagree still
 * agree on when a lease ends. Rows this instance claims stay visible to it: the engine claims repeatedly within one runDue and skips the
 * ones it has seen. An update by another instance leaves a claim alone. A store that closes ends
 * its claims (release), a holder that dies loses them when their lease ends, or at once when it
 * starts again under the same instance id. The claimed tables have columns claimed_by (uuid) and
 * claimed_until (timestamptz).
 */
/**
 * {@link RowClaims} for several instances on one PostgreSQL database, and the owner of this
 * store's sync batch claims. Thread-safe.
 */
final class LeaseClaims implements RowClaims {
  private static final Logger log = LoggerFactory.getLogger(LeaseClaims.class);
  /** Rows this instance may claim; binds the owner id. */
  private static final String CLAIMABLE =
      "(claimed_by IS NULL OR claimed_by = ?::uuid OR claimed_until < clock_timestamp())";
  /** Marks a row claimed; binds the owner id and the lease in microseconds. */
  private static final String CLAIM =
      "claimed_by = ?::uuid, claimed_until = clock_timestamp() + ? * interval '1 microsecond'";
  /** A lease longer than this is as good as forever, and keeps the timestamp in range. */
  private static final Duration LONGEST_LEASE = ChronoUnit.CENTURIES.getDuration();

  private final String owner;
  private final long leaseMicros;
  private final LeaseBatchClaims batchClaims;

  LeaseClaims(PostgresOptions options) {
    String id = options.instanceId();
    this.owner = (id == null ? UUID.randomUUID()
        : UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8))).toString();
    Duration lease = options.claimLease();
    Duration bounded = lease.compareTo(LONGEST_LEASE) > 0 ? LONGEST_LEASE : lease;
    this.leaseMicros = Math.max(1, TimeUnit.MICROSECONDS.convert(bounded));
    this.batchClaims = new LeaseBatchClaims(lease, owner);
  }

  /** The claims of sync batches and pairs, under the same owner. */
  LeaseBatchClaims batchClaims() {
    return batchClaims;
  }

  /**
   * Ends every claim this owner holds, as its store closes, so that another instance takes the
   * work at once. A failure is logged: the claims then end with their lease.
   */
  void release(JdbcDatabase database) {
    String doing = "release the claims of a closing store";
    try {
      database.writeSql(s -> {
        s.update(doing, "UPDATE enrollments SET claimed_by = NULL, claimed_until = NULL"
            + " WHERE state IN ('ACTIVE', 'WAITING') AND due_at IS NOT NULL"
            + " AND claimed_by = ?::uuid", owner);
        for (String table : List.of("workflow_signals", "membership_pending")) {
          s.update(doing, "UPDATE " + table + " SET claimed_by = NULL, claimed_until = NULL"
              + " WHERE claimed_by = ?::uuid", owner);
        }
        for (String table : List.of("sync_batches", "sync_states")) {
          s.update(doing, "UPDATE " + table + " SET claimed_by = NULL, claim_expires = NULL"
              + " WHERE claimed_by = ?", owner);
        }
        return null;
      });
    } catch (RuntimeException e) {
      log.warn("Could not {}; they end with their lease", doing, e);
    }
  }

  /**
   * Runs the claiming statement at READ COMMITTED: under SERIALIZABLE, two instances claiming at
   * once conflict on the index range both read, and one is rolled back and retried most of the
   * time, which is what SKIP LOCKED is there to avoid. The statement is safe at READ COMMITTED: its
   * row locks keep two claims apart, and a row changed since the statement began is checked again
   * in its newest version. A claim joining a write that has run statements keeps that write's
   * level; one that opens a write lowers the level of what the write does after it, so claim first
   * only in a write that needs no more (the engine never claims inside one).
   */
  @Override
  public <T> List<T> claim(JdbcDatabase database, String doing, Claimable rows, int limit,
      Sql.RowMapper<T> mapper, Object... parameters) {
    // The inner WHERE repeats the partial index's, which lets PostgreSQL use it.
    String sql = "WITH claimed AS (UPDATE " + rows.table() + " SET " + CLAIM
        + " WHERE id IN (SELECT id FROM " + rows.table()
        + " WHERE " + (rows.where() == null ? "" : rows.where() + " AND ") + CLAIMABLE
        + " ORDER BY " + rows.order() + " LIMIT ? FOR UPDATE SKIP LOCKED)"
        + " RETURNING " + rows.columns() + ")"
        + " SELECT " + rows.columns() + " FROM claimed ORDER BY " + rows.order();
    List<Object> all = new ArrayList<>(List.of(owner, leaseMicros));
    all.addAll(List.of(parameters));
    all.add(owner);
    all.add(limit);
    return database.writeSql(
        s -> {
          s.run(
              doing,
              c -> {
                try {
                  c.jdbc().setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                } catch (SQLException e) {
                  // 25001: the write under way has run statements, so its level can't change.
                  if (!"25001".equals(e.getSQLState())) {
                    throw e;
                  }
                }
                return null;
              });
          return s.list(doing, sql, mapper, all.toArray());
        });
  }

  @Override
  public String onUpdate(boolean keep) {
    return keep
        ? ", claimed_until = CASE WHEN claimed_by = ?::uuid"
            + " THEN clock_timestamp() + ? * interval '1 microsecond' ELSE claimed_until END"
        : ", claimed_until = CASE WHEN claimed_by = ?::uuid THEN NULL ELSE claimed_until END,"
            + " claimed_by = NULLIF(claimed_by, ?::uuid)";
  }

  @Override
  public Object[] onUpdateParameters(boolean keep) {
    return keep ? new Object[] {owner, leaseMicros} : new Object[] {owner, owner};
  }

  @Override
  public String onEnd() {
    return ", claimed_by = NULL, claimed_until = NULL";
  }
}
