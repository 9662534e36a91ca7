package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.segments.QueryBudgetExceededException;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.Sql;
import io.cdpkit.storage.jdbc.SqlConnection;
import io.cdpkit.storage.jdbc.StatementWatchdog;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import io.cdpkit.storage.jdbc.sql.SqlDialect;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * {@link SegmentQueries} on a store's database: each expression becomes one parameterised query
 * over the profiles table (the shared {@link SegmentSqlCompiler} with the database's {@link
 * SqlDialect}), run against one snapshot. An expression with a node the database cannot answer
 * exactly (see the dialect; {@code $computed}; {@code in group} when the service keeps groups
 * elsewhere) gets no answer, so the service evaluates it in Java. Thread-safe.
 */
public final class JdbcSegmentQueries implements SegmentQueries {
  private final JdbcDatabase database;
  private final SqlDialect dialect;
  private final GroupStore groups;

  /** Queries on {@code database}; {@code groups} is the store's own group store. */
  public JdbcSegmentQueries(JdbcDatabase database, SqlDialect dialect, GroupStore groups) {
    this.database = database;
    this.dialect = dialect;
    this.groups = groups;
  }

  @Override
  public Optional<List<String>> matching(SegmentQuery query) {
    return run(query, "list the profiles matching a segment",
        sql -> "SELECT p.id FROM profiles p WHERE " + sql.where() + " ORDER BY p.id",
        rows -> {
          List<String> ids = new ArrayList<>();
          while (rows.next()) {
            ids.add(rows.getString(1));
          }
          return ids;
        });
  }

  @Override
  public OptionalLong count(SegmentQuery query) {
    Optional<Long> counted = run(query, "count the profiles matching a segment",
        sql -> "SELECT count(*) FROM profiles p WHERE " + sql.where(),
        rows -> rows.next() ? rows.getLong(1) : 0L);
    return counted.isPresent() ? OptionalLong.of(counted.get()) : OptionalLong.empty();
  }

  /**
   * Runs the query's compiled SQL, cancelled once its budget is spent; empty when it falls back.
   * Each expression is its own SQL text: a statement of its own, not one the connection keeps.
   */
  private <T> Optional<T> run(SegmentQuery query, String doing,
      Function<SegmentSqlCompiler.Compiled, String> text, ResultReader<T> reader) {
    Optional<SegmentSqlCompiler.Compiled> compiled = compile(query);
    if (compiled.isEmpty()) {
      return Optional.empty();
    }
    try (SegmentSqlCompiler.Compiled sql = compiled.get()) {
      return Optional.of(database.readSql(doing, connection -> {
        try (SqlConnection.OwnedStatement owned = connection.prepareOwned(text.apply(sql))) {
          PreparedStatement statement = owned.statement();
          Sql.bind(statement, sql.params().toArray());
          StatementWatchdog watchdog = StatementWatchdog.watch(statement, query.budget());
          T answer;
          try (watchdog; ResultSet rows = statement.executeQuery()) {
            answer = reader.read(rows);
          } catch (SQLException e) {
            if (watchdog.fired()) {
              throw new QueryBudgetExceededException(query.budget());
            }
            throw e;
          }
          if (watchdog.fired()) {
            // A cancel that raced the query's end still counts: the store then ends the
            // transaction as it ends an interrupted one, so no interrupt reaches the next query.
            throw new QueryBudgetExceededException(query.budget());
          }
          return answer;
        }
      }));
    }
  }

  /** Reads a whole result set into a value. */
  @FunctionalInterface
  private interface ResultReader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  /** The SQL condition for a query, for tests; empty when it falls back. */
  public Optional<String> explainSql(SegmentQuery query) {
    try (SegmentSqlCompiler.Compiled sql = compile(query).orElse(null)) {
      return sql == null ? Optional.empty() : Optional.of(sql.where());
    }
  }

  /**
   * The database's plan for counting the query's members: {@code explain} (such as {@code EXPLAIN
   * QUERY PLAN} on SQLite, {@code EXPLAIN (ANALYZE, BUFFERS)} on PostgreSQL, fixed SQL words)
   * before the count, run with the query's parameters, one line per row; empty when it falls back.
   */
  public Optional<String> plan(SegmentQuery query, String explain) {
    return run(query, "explain a segment count",
        sql -> explain + " SELECT count(*) FROM profiles p WHERE " + sql.where(),
        rows -> {
          StringBuilder plan = new StringBuilder();
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              plan.append(i == 1 ? "" : " | ").append(rows.getString(i));
            }
            plan.append('\n');
          }
          return plan.toString();
        });
  }

  /** Why a query falls back, for tests and logs; empty when it compiles. */
  public Optional<String> unsupportedReason(SegmentQuery query) {
    return SegmentSqlCompiler.unsupportedReason(query, dialect, groupsReadable(query));
  }

  /** The compiled condition; close it to release the Java objects its function calls name. */
  private Optional<SegmentSqlCompiler.Compiled> compile(SegmentQuery query) {
    return SegmentSqlCompiler.compile(query, dialect, groupsReadable(query));
  }

  private boolean groupsReadable(SegmentQuery query) {
    return query.groups() == groups;
  }
}
