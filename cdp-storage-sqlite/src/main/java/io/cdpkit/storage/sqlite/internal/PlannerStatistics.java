package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.storage.jdbc.SqlConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design: statistics that follow the data, with no manual step.
 *
 * Without sqlite_stat1 the planner guesses that every index narrows as well as any other, and for
 * "event X at least 3" it chose to scan the events of the type once per profile instead of the
 * profile's own events: minutes instead of a fraction of a second on 200,000 events. PRAGMA
 * optimize (mask 0x10012: every table, analyse where useful, bounded by analysis_limit) analyses
 * the tables never analysed and those that grew or shrank 25-fold since, and does nothing
 * otherwise. It runs when the store opens and closes, and after a commit whenever the writer has
 * changed twice as many rows as at the previous run: a bulk load of n rows checks about log2(n)
 * times, so the statistics describe the file from the first thousand rows on as it grows.
 *
 * Other connections (the readers, other processes) load the statistics with the schema and do not
 * notice that ANALYZE rewrote them. So when the statistics changed, an empty table is created and
 * dropped: the schema's version moves, and every connection rereads schema and statistics before
 * its next statement.
 */
/** Keeps SQLite's planner statistics current on the writer connection. Not thread-safe: use under the write lock. */
final class PlannerStatistics {
  private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);
  /** Rows the writer changes before the first check after opening. */
  static final long FIRST_CHECK = 1_000;
  private static final String OPTIMIZE = "PRAGMA optimize = 0x10012";
  private static final String HAS_STATISTICS =
      "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'";
  private static final String STATISTICS =
      "SELECT ifnull(group_concat(tbl || ' ' || ifnull(idx, '') || ' ' || stat, ';'), 'none')"
          + " FROM sqlite_stat1";

  private final String store;
  private long nextCheck = FIRST_CHECK;

  PlannerStatistics(String store) {
    this.store = store;
  }

  /** Brings the statistics up to date, outside a transaction on {@code writer}. */
  void optimize(SqlConnection writer) {
    try {
      // Without the table, ANALYZE creates it: a schema change every connection notices anyway.
      String before = writer.queryLong(HAS_STATISTICS) == 0 ? null : writer.queryText(STATISTICS);
      writer.execute(OPTIMIZE);
      if (before != null && !before.equals(writer.queryText(STATISTICS))) {
        changeSchemaVersion(writer);
      }
    } catch (SQLException e) {
      // Statistics only speed queries up: a failure (a busy file) leaves the old ones in place.
      log.warn("{}: updating the planner statistics failed: {}", store, e.getMessage());
    }
  }

  /** Makes every connection reread the schema, and with it the statistics. */
  private static void changeSchemaVersion(SqlConnection writer) throws SQLException {
    writer.execute("BEGIN IMMEDIATE");
    try {
      writer.execute("CREATE TABLE cdp_statistics_changed (x)");
      writer.execute("DROP TABLE cdp_statistics_changed");
      writer.execute("COMMIT");
    } catch (SQLException e) {
      try {
        writer.execute("ROLLBACK");
      } catch (SQLException rollback) {
        e.addSuppressed(rollback);
      }
      throw e;
    }
  }

  /** After a commit on {@code writer}: optimizes when it has changed enough rows since the last run. */
  void afterCommit(SqlConnection writer) {
    long changed;
    try {
      PreparedStatement statement = writer.prepare("SELECT total_changes()");
      try (ResultSet rows = statement.executeQuery()) {
        changed = rows.next() ? rows.getLong(1) : 0;
      }
    } catch (SQLException e) {
      writer.discardCached();
      log.warn("{}: reading the count of changed rows failed: {}", store, e.getMessage());
      return;
    }
    if (changed >= nextCheck) {
      nextCheck = Math.max(2 * nextCheck, 2 * changed);
      optimize(writer);
    }
  }
}
