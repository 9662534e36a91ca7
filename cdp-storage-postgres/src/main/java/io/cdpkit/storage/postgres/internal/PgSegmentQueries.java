package io.cdpkit.storage.postgres.internal;

import io.cdpkit.segments.spi.SegmentQueries;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link SegmentQueries} on the store's database: each expression becomes one parameterised query
 * over the profiles table (the shared {@link SegmentSqlCompiler} with {@link PostgresDialect}), run
 * against one snapshot. An expression with a node PostgreSQL cannot answer exactly (see {@link
 * PostgresDialect}; {@code $computed}; {@code in group} when the service keeps groups elsewhere)
 * gets no answer, so the service evaluates it in Java. Thread-safe.
 */
public final class PgSegmentQueries implements SegmentQueries {
  private final PgDatabase database;

  PgSegmentQueries(PgDatabase database) {
    this.database = database;
  }

  @Override
  public Optional<List<String>> matching(SegmentQuery query) {
    return compile(query).map(sql -> database.inRead(session -> session.list(
        "list the profiles matching a segment",
        "SELECT p.id FROM profiles p WHERE " + sql.where() + " ORDER BY p.id",
        row -> row.getString(1), sql.params().toArray())));
  }

  @Override
  public OptionalLong count(SegmentQuery query) {
    Optional<SegmentSqlCompiler.Compiled> compiled = compile(query);
    if (compiled.isEmpty()) {
      return OptionalLong.empty();
    }
    SegmentSqlCompiler.Compiled sql = compiled.get();
    return OptionalLong.of(database.inRead(session -> session.number(
        "count the profiles matching a segment",
        "SELECT count(*) FROM profiles p WHERE " + sql.where(), sql.params().toArray())));
  }

  /** The SQL condition for a query, for tests; empty when it falls back. */
  public Optional<String> explainSql(SegmentQuery query) {
    return compile(query).map(SegmentSqlCompiler.Compiled::where);
  }

  /** Why a query falls back, for tests and logs; empty when it compiles. */
  public Optional<String> unsupportedReason(SegmentQuery query) {
    return SegmentSqlCompiler.unsupportedReason(query, PostgresDialect.INSTANCE, groupsReadable(query));
  }

  /** Nothing to release: PostgreSQL's dialect holds no Java objects for a query. */
  private Optional<SegmentSqlCompiler.Compiled> compile(SegmentQuery query) {
    return SegmentSqlCompiler.compile(query, PostgresDialect.INSTANCE, groupsReadable(query));
  }

  private boolean groupsReadable(SegmentQuery query) {
    return query.groups() == database.segmentStore();
  }
}
