package io.cdpkit.storage.jdbc;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** {@link RowClaims#singleWriter()}: a claim is a read. */
enum SingleWriterClaims implements RowClaims {
  INSTANCE;

  @Override
  public <T> List<T> claim(
      JdbcDatabase database,
      String doing,
      String table,
      @Nullable String index,
      String columns,
      @Nullable String where,
      String order,
      int limit,
      Sql.RowMapper<T> mapper,
      Object... parameters) {
    String sql = "SELECT " + columns + " FROM " + table
        + (index == null ? "" : " INDEXED BY " + index)
        + (where == null ? "" : " WHERE " + where)
        + " ORDER BY " + order + " LIMIT ?";
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
