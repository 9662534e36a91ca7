package io.cdpkit.storage.sqlite.internal;

import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.storage.jdbc.SqlConnection;
import io.cdpkit.storage.sqlite.internal.sql.SegmentSql;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link SegmentQueries} on the store's database: each expression becomes one parameterised query
 * over the profiles table (see {@link SegmentSql}), run against one snapshot on a reader. An
 * expression with a node SQL cannot answer exactly ({@code $computed}, or {@code in group} when the
 * service keeps groups elsewhere) gets no answer, so the service evaluates it in Java. Thread-safe.
 */
public final class SqliteSegmentQueries implements SegmentQueries {
  private final SqliteDatabase database;

  SqliteSegmentQueries(SqliteDatabase database) {
    this.database = database;
  }

  @Override
  public Optional<List<String>> matching(SegmentQuery query) {
    Optional<SegmentSql.Compiled> compiled = compile(query);
    if (compiled.isEmpty()) {
      return Optional.empty();
    }
    try (SegmentSql.Compiled sql = compiled.get()) {
      return Optional.of(database.readSql("list the profiles matching a segment", c -> {
        List<String> ids = new ArrayList<>();
        try (SqlConnection.OwnedStatement statement =
                c.prepareOwned("SELECT p.id FROM profiles p WHERE " + sql.where() + " ORDER BY p.id")) {
          bind(statement.statement(), sql.params());
          statement.statement().setFetchSize(1024);
          try (SqlConnection.Rows rows = c.query(statement.statement())) {
            while (rows.next()) {
              ids.add(rows.results().getString(1));
            }
          }
        }
        return ids;
      }));
    }
  }

  @Override
  public OptionalLong count(SegmentQuery query) {
    Optional<SegmentSql.Compiled> compiled = compile(query);
    if (compiled.isEmpty()) {
      return OptionalLong.empty();
    }
    try (SegmentSql.Compiled sql = compiled.get()) {
      return OptionalLong.of(database.readSql("count the profiles matching a segment", c -> {
        try (SqlConnection.OwnedStatement statement =
                c.prepareOwned("SELECT count(*) FROM profiles p WHERE " + sql.where())) {
          bind(statement.statement(), sql.params());
          try (SqlConnection.Rows rows = c.query(statement.statement())) {
            return rows.next() ? rows.results().getLong(1) : 0L;
          }
        }
      }));
    }
  }

  /** The SQL condition for a query, for tests; empty when it falls back. */
  public Optional<String> explainSql(SegmentQuery query) {
    try (SegmentSql.Compiled sql = compile(query).orElse(null)) {
      return sql == null ? Optional.empty() : Optional.of(sql.where());
    }
  }

  private Optional<SegmentSql.Compiled> compile(SegmentQuery query) {
    return SegmentSql.compile(query, query.groups() == database.segmentStore());
  }

  private static void bind(PreparedStatement statement, List<Object> params) throws SQLException {
    for (int i = 0; i < params.size(); i++) {
      Object param = params.get(i);
      if (param instanceof String text) {
        statement.setString(i + 1, text);
      } else {
        statement.setLong(i + 1, ((Number) param).longValue());
      }
    }
  }
}
