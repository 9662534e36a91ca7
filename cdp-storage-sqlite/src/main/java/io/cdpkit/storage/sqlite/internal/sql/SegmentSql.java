package io.cdpkit.storage.sqlite.internal.sql;

import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.jdbc.sql.SegmentSqlCompiler;
import java.util.List;
import java.util.Optional;

/**
 * Compiles a segment expression into a parameterised SQLite condition on {@code profiles p}: the
 * shared {@link SegmentSqlCompiler} with SQLite's dialect.
 */
public final class SegmentSql {
  private SegmentSql() {}

  /** A compiled condition: SQL text with {@code ?} parameters, and the handles it holds. */
  public static final class Compiled implements AutoCloseable {
    private final SegmentSqlCompiler.Compiled compiled;

    private Compiled(SegmentSqlCompiler.Compiled compiled) {
      this.compiled = compiled;
    }

    /** The condition on {@code profiles p}. */
    public String where() {
      return compiled.where();
    }

    /** The parameters, in order: String or Long. */
    public List<Object> params() {
      return compiled.params();
    }

    /** Releases the Java objects the query's function calls name. */
    @Override
    public void close() {
      compiled.close();
    }
  }

  /**
   * Compiles the query's expression; empty when some node cannot be answered exactly in SQL.
   *
   * @param groupsReadable whether {@code static_group_members} holds the groups the query's
   *     service reads
   */
  public static Optional<Compiled> compile(SegmentQuery query, boolean groupsReadable) {
    return SegmentSqlCompiler.compile(query, SqliteDialect.INSTANCE, groupsReadable).map(Compiled::new);
  }
}
