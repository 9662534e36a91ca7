package io.cdpkit.storage.postgres.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/*
 * Design: statistics that follow the data, with no manual step.
 *
 * Autovacuum analyses a table after a fraction of it changed, but only on its next round (a minute
 * apart by default, and it may be switched off): a bulk load is queried with the statistics of
 * the empty table until then. So every CHECK_EVERY committed writes, one catalog query compares
 * each of the schema's tables' size on disk with the pages the last ANALYZE (or VACUUM) counted,
 * and analyses those that doubled since (and hold at least MIN_PAGES). The size on disk is exact
 * at once, unlike the cumulative statistics views, which backends report with a delay. A table
 * growing from empty is so analysed at 64 KB, 128 KB, ...: log2 of its size times in all.
 */
/** Keeps PostgreSQL's planner statistics current as the store's tables grow. Thread-safe. */
final class PlannerStatistics {
  private static final Logger log = LoggerFactory.getLogger(PlannerStatistics.class);
  private static final long CHECK_EVERY = 64;
  private static final int MIN_PAGES = 8;
  private static final String GROWN =
      "SELECT c.relname FROM pg_class c"
          + " WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
          + " AND pg_relation_size(c.oid) / current_setting('block_size')::int"
          + " >= greatest(2 * c.relpages, " + MIN_PAGES + ")";

  private final String store;
  private final AtomicLong writes = new AtomicLong();
  private final ReentrantLock checking = new ReentrantLock();

  PlannerStatistics(String store) {
    this.store = store;
  }

  /**
   * After a committed write on {@code connection} (in auto-commit mode): every {@link #CHECK_EVERY}
   * writes, analyses the tables that doubled in size. One thread checks at a time; the others go on.
   */
  void afterWrite(Connection connection) {
    if (writes.incrementAndGet() % CHECK_EVERY != 0 || !checking.tryLock()) {
      return;
    }
    try {
      analyzeGrown(connection);
    } finally {
      checking.unlock();
    }
  }

  /** Analyses every table of the schema that doubled since it was last analysed. */
  void analyzeGrown(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      List<String> grown = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(GROWN)) {
        while (rows.next()) {
          grown.add(rows.getString(1));
        }
      }
      for (String table : grown) {
        statement.execute("ANALYZE \"" + table.replace("\"", "\"\"") + "\"");
      }
      if (!grown.isEmpty()) {
        log.debug("{}: analysed {}", store, grown);
      }
    } catch (SQLException e) {
      // Statistics only speed queries up: a failure leaves the old ones in place.
      log.warn("{}: updating the planner statistics failed: {}", store, e.getMessage());
    }
  }
}
