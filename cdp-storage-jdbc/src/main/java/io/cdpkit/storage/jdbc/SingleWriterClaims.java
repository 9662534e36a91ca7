package io.cdpkit.storage.jdbc;

import java.util.Arrays;
import java.util.List;

/** {@link RowClaims#singleWriter()}: a claim is a read. */
enum SingleWriterClaims implements RowClaims {
  INSTANCE;

  @Override
  public <T> List<T> claim(JdbcDatabase database, String doing, Claimable rows, int limit,
      Sql.RowMapper<T> mapper, Object... parameters) {
    String sql = "SELECT " + rows.columns() + " FROM " + rows.table()
        + (rows.index() == null ? "" : " INDEXED BY " + rows.index())
        + (rows.where() == null ? "" : " WHERE " + rows.where())
        + " ORDER BY " + rows.order() + " LIMIT ?";
    Object[] all = Arrays.copyOf(parameters, parameters.length + 1);
    all[parameters.length] = limit;
    return database.readSql(s -> s.list(doing, sql, mapper, all));
  }

  @Override
  public String onUpdate(boolean keep) {
    return "";
  }

  @Override
  public Object[] onUpdateParameters(boolean keep) {
    return new Object[0];
  }

  @Override
  public String onEnd() {
    return "";
  }
}
