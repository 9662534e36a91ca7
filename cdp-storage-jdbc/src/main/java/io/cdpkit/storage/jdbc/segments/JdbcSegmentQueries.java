package io.cdpkit.storage.jdbc.segments;

import io.cdpkit.segments.spi.GroupStore;
import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.storage.jdbc.JdbcDatabase;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import io.cdpkit.storage.jdbc.sql.SqlDialect;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

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
    Optional<SegmentSqlCompiler.Compiled> compiled = compile(query);
    if (compiled.isEmpty()) {
      return Optional.empty();
    }
    // Each expression is its own SQL text: a statement of its own, not one the connection keeps.
    try (SegmentSqlCompiler.Compiled sql = compiled.get()) {
      return Optional.of(database.readSql(session -> {
        try (Stream<String> ids = session.stream("list the profiles matching a segment",
            "SELECT p.id FROM profiles p WHERE " + sql.where() + " ORDER BY p.id",
            row -> row.getString(1), sql.params().toArray())) {
          return ids.toList();
        }
      }));
    }
  }

  @Override
  public OptionalLong count(SegmentQuery query) {
    Optional<SegmentSqlCompiler.Compiled> compiled = compile(query);
    if (compiled.isEmpty()) {
      return OptionalLong.empty();
    }
    try (SegmentSqlCompiler.Compiled sql = compiled.get()) {
      return OptionalLong.of(database.readSql(session -> {
        try (Stream<Long> count = session.stream("count the profiles matching a segment",
            "SELECT count(*) FROM profiles p WHERE " + sql.where(),
            row -> row.getLong(1), sql.params().toArray())) {
          return count.findFirst().orElse(0L);
        }
      }));
    }
  }

  /** The SQL condition for a query, for tests; empty when it falls back. */
  public Optional<String> explainSql(SegmentQuery query) {
    try (SegmentSqlCompiler.Compiled sql = compile(query).orElse(null)) {
      return sql == null ? Optional.empty() : Optional.of(sql.where());
    }
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
