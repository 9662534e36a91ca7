package io.cdpkit.storage.postgres.internal;

import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.storage.jdbc.SqlConnection;
import io.cdpkit.storage.jdbc.segments.BatchClaims;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/*
 * Design: a sync batch is claimed for this store instance (a random owner id) for a lease,
 * measured on the database's clock so hosts with skewed clocks agree: saveBatch inserts the row
 * claimed, findUnacknowledgedBatch takes it by an UPDATE of a row that is unclaimed, claimed by
 * this instance (renewing it) or whose claim expired (taking it over). The row is picked FOR
 * UPDATE SKIP LOCKED, so an instance never waits for another's claim in progress. The claim ends
 * with the batch when it is acknowledged; a failed delivery keeps it, so the instance that failed
 * retries it, unless it is gone for longer than the lease. Forming a batch claims the pair's
 * sync_states row the same way, for as long as the forming takes.
 */
/** {@link BatchClaims} for several instances on one PostgreSQL database. Thread-safe. */
final class LeaseBatchClaims implements BatchClaims {
  /** The database's clock in nanoseconds since the epoch (microsecond precision). */
  private static final String DB_NOW =
      "(extract(epoch FROM clock_timestamp()) * 1000000000)::bigint";

  private final String owner;
  private final long leaseNanos;

  LeaseBatchClaims(Duration lease, String owner) {
    this.leaseNanos = lease.toNanos();
    this.owner = owner;
  }

  @Override
  public String insertColumns() {
    return ", claimed_by, claim_expires";
  }

  @Override
  public String insertValues() {
    return ", ?, " + DB_NOW + " + ?";
  }

  @Override
  public Object[] insertParameters() {
    return new Object[] {owner, leaseNanos};
  }

  @Override
  public <T> Optional<T> take(JdbcDatabase database, String doing, String columns,
      String segment, String destination, Sql.RowMapper<T> mapper) {
    return database.writeSql(s -> s.first(doing,
        "UPDATE sync_batches SET claimed_by = ?, claim_expires = " + DB_NOW + " + ?"
            + " WHERE (segment, destination) = (SELECT segment, destination FROM sync_batches"
            + " WHERE segment = ? AND destination = ?"
            + " AND (claimed_by IS NULL OR claimed_by = ? OR claim_expires <= " + DB_NOW + ")"
            + " FOR UPDATE SKIP LOCKED)"
            + " RETURNING " + columns,
        mapper, owner, leaseNanos, segment, destination, owner));
  }

  @Override
  public boolean claimPair(JdbcDatabase database, String segment, String destination) {
    return database.writeSql(s -> s.update("claim " + segment + " to " + destination,
        "UPDATE sync_states SET claimed_by = ?, claim_expires = " + DB_NOW + " + ?"
            + " WHERE segment = ? AND destination = ?"
            + " AND (claimed_by IS NULL OR claimed_by = ? OR claim_expires <= " + DB_NOW + ")",
        owner, leaseNanos, segment, destination, owner)) == 1;
  }

  @Override
  public void releasePair(JdbcDatabase database, String segment, String destination) {
    database.writeSql(s -> s.update("release " + segment + " to " + destination,
        "UPDATE sync_states SET claimed_by = NULL, claim_expires = NULL"
            + " WHERE segment = ? AND destination = ? AND claimed_by = ?",
        segment, destination, owner));
  }

  @Override
  public Optional<String> heldByAnother(Sql s, String doing, List<Long> changeIds) {
    return s.run(doing, c -> {
      PreparedStatement find = c.prepare(
          "SELECT segment || '/' || destination || '/' || sequence FROM sync_batches"
              + " WHERE claimed_by IS DISTINCT FROM ? AND (segment, destination) IN"
              + " (SELECT segment, destination FROM sync_changes WHERE id = ANY (?)) LIMIT 1");
      find.setString(1, owner);
      find.setArray(2, c.jdbc().createArrayOf("bigint", changeIds.toArray(new Long[0])));
      try (SqlConnection.Rows rows = c.query(find)) {
        return rows.next() ? Optional.of(rows.results().getString(1)) : Optional.empty();
      }
    });
  }
}
