package io.cdpkit.storage.sqlite.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.spi.contract.ConformanceCases;
import io.cdpkit.segments.spi.contract.SegmentConformanceContract;
import io.cdpkit.storage.jdbc.contract.SegmentSqlFixtures;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/**
 * The segment language's conformance cases, answered by the SQL compiler: each fixture is written
 * into an in-memory SQLite store and each case runs as one query, which must answer (no fallback)
 * and give the expected result.
 */
final class SqlConformanceTest extends SegmentConformanceContract {
  private static final Map<ConformanceCases.Fixture, SqliteStorage> STORES = new IdentityHashMap<>();

  @AfterAll
  static void closeStores() {
    STORES.values().forEach(SqliteStorage::close);
    STORES.clear();
  }

  @Override
  protected boolean evaluate(SegmentExpression expression, ConformanceCases.Fixture fixture) {
    SqliteStorage storage = STORES.computeIfAbsent(fixture, f -> {
      SqliteStorage created = SqliteStorage.inMemory();
      SegmentSqlFixtures.store(created, Map.of(f.profile(), f.events()));
      return created;
    });
    Optional<List<String>> members =
        SegmentSqlFixtures.matching(storage, expression.expr(), fixture.context(), Map.of());
    assertThat(members).as("the SQL compiler answers %s", expression).isPresent();
    return members.get().contains(fixture.profile().id());
  }
}
