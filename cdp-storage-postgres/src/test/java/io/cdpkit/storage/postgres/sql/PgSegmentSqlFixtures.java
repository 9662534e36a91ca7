package io.cdpkit.storage.postgres.sql;

import io.cdpkit.core.event.Event;
import io.cdpkit.core.profile.Profile;
import io.cdpkit.segments.EvaluationContext;
import io.cdpkit.segments.ast.Expr;
import io.cdpkit.segments.spi.SegmentQueries.SegmentQuery;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import io.cdpkit.storage.postgres.TestPostgres;
import io.cdpkit.storage.jdbc.contract.SegmentSqlFixtures;
import io.cdpkit.storage.jdbc.segments.JdbcSegmentQueries;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One database for a test class, emptied between uses (a new database per case would cost a
 * CREATE DATABASE each): writes profiles with their identifiers and events, and asks segment
 * queries.
 */
final class PgSegmentSqlFixtures implements AutoCloseable {
  private final String url = TestPostgres.freshDatabaseUrl();
  private final PostgresStorage storage = PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2));

  PostgresStorage storage() {
    return storage;
  }

  JdbcSegmentQueries queries() {
    return (JdbcSegmentQueries) storage.segmentQueries();
  }

  /** Removes every profile, event, identifier and group. */
  void clear() {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE profiles, events, event_type_counts, identifiers, static_groups,"
          + " static_group_members");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores each profile (row, identifiers) and its events, as the Cdp would have. */
  void store(Map<Profile, ? extends Collection<Event>> profiles) {
    SegmentSqlFixtures.store(storage, profiles);
  }

  /** The store's answer for the expression, with saved segments from {@code segments}. */
  Optional<List<String>> matching(Expr expr, EvaluationContext context, Map<String, Expr> segments) {
    return SegmentSqlFixtures.matching(storage, expr, context, segments);
  }

  SegmentQuery query(Expr expr, EvaluationContext context, Map<String, Expr> segments) {
    return new SegmentQuery(expr, context, name -> Optional.ofNullable(segments.get(name)),
        storage.groupStore());
  }

  @Override
  public void close() {
    storage.close();
  }
}
