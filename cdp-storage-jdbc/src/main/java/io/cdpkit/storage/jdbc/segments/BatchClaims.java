package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.Sql;
import java.util.List;
import java.util.Optional;

/**
 * How a store hands a sync pair's unacknowledged batch to one sender at a time: on SQLite the
 * single writer runs one sync at a time, so nothing is claimed ({@link #singleWriter()}); on
 * PostgreSQL several instances claim a batch for a lease. Thread-safe.
 */
public interface BatchClaims {
  /** Column names appended to a new batch row's, each after {@code ", "}; empty when unclaimed. */
  String insertColumns();

  /** The values of {@link #insertColumns()}: the new batch is claimed by this instance. */
  String insertValues();

  /** The parameters of {@link #insertValues()}, in order. */
  Object[] insertParameters();

  /**
   * The pair's batch (its {@code columns}) for this instance: claimed or its claim renewed, empty
   * when there is none or another instance holds it.
   */
  <T> Optional<T> take(JdbcDatabase database, String doing, String columns,
      String segment, String destination, Sql.RowMapper<T> mapper);

  /**
   * The key of a batch that another instance holds for the pair of one of the changes, if any:
   * their pair's destination is about to change, so those changes must be kept.
   */
  Optional<String> heldByAnother(Sql s, String doing, List<Long> changeIds);

  /** Claims the pair for this instance to form its next batch; false while another holds it. */
  boolean claimPair(JdbcDatabase database, String segment, String destination);

  /** Ends this instance's claim on the pair. */
  void releasePair(JdbcDatabase database, String segment, String destination);

  /** Claims for a store whose writes run one at a time. */
  static BatchClaims singleWriter() {
    return new BatchClaims() {
      @Override
      public String insertColumns() {
        return "";
      }

      @Override
      public String insertValues() {
        return "";
      }

      @Override
      public Object[] insertParameters() {
        return new Object[0];
      }

      @Override
      public <T> Optional<T> take(JdbcDatabase database, String doing, String columns,
          String segment, String destination, Sql.RowMapper<T> mapper) {
        return database.readSql(s -> s.first(doing,
            "SELECT " + columns + " FROM sync_batches WHERE segment = ? AND destination = ?",
            mapper, segment, destination));
      }

      @Override
      public Optional<String> heldByAnother(Sql s, String doing, List<Long> changeIds) {
        return Optional.empty();
      }

      @Override
      public boolean claimPair(JdbcDatabase database, String segment, String destination) {
        return true;
      }

      @Override
      public void releasePair(JdbcDatabase database, String segment, String destination) {}
    };
  }
}
