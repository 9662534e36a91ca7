package io.cdpkit.storage.jdbc;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How a store hands due rows (workflow timers, pending signals) to one worker at a time: on
 * SQLite the single writer already runs one engine's work at a time, so a claim is a plain read
 * ({@link #singleWriter()}); on PostgreSQL several instances claim rows for a lease with {@code FOR
 * UPDATE SKIP LOCKED}. The claimed table has an {@code id} column. Thread-safe.
 */
public interface RowClaims {
  /**
   * Takes up to {@code limit} of the {@code rows} in their order and returns their columns mapped,
   * in that order; {@code parameters} are those of the rows' {@code where}.
   */
  <T> List<T> claim(JdbcDatabase database, String doing, Claimable rows, int limit,
      Sql.RowMapper<T> mapper, Object... parameters);

  /**
   * Items to append to the {@code SET} of an {@code UPDATE} of a claimed row by its holder: each
   * starts with {@code ", "}; empty when claims are not stored. {@code keep} renews the holder's
   * claim, else the holder releases it; a row another worker holds keeps its claim either way.
   */
  String onUpdate(boolean keep);

  /** The parameters of {@link #onUpdate}, in order. */
  Object[] onUpdateParameters(boolean keep);

  /**
   * Like {@link #onUpdate}, for an update that takes the row out of every claim's reach (an
   * enrollment paused or ended): whoever holds it, its claim ends. No parameters.
   */
  String onEnd();

  /**
   * The rows of {@code table} that {@code where} selects (null: every row), in {@code order}, and
   * the {@code columns} a claim returns of them.
   *
   * @param index an index the single writer reads them by, or null
   */
  record Claimable(String table, @Nullable String index, String columns, @Nullable String where,
      String order) {}

  /** Claims for a store whose writes run one at a time: nothing is stored, nothing is skipped. */
  static RowClaims singleWriter() {
    return SingleWriterClaims.INSTANCE;
  }
}
