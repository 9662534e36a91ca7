package io.cdpkit.storage.postgres.sql;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.spi.contract.ConformanceCases;
import io.cdpkit.segments.spi.contract.SegmentConformanceContract;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The segment language's conformance cases, answered by PostgreSQL: each fixture is written into
 * the database and each case the compiler answers natively runs as one query and must give the
 * expected result. A case that falls back (the service would evaluate it in Java) is skipped here;
 * {@link PgSqlNativeCoverageTest} pins which ones those are.
 */
final class PgSqlConformanceTest extends SegmentConformanceContract {
  private static PgSegmentSqlFixtures database;
  private static ConformanceCases.Fixture loaded;

  @BeforeAll
  static void open() {
    database = new PgSegmentSqlFixtures();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @Override
  protected boolean evaluate(SegmentExpression expression, ConformanceCases.Fixture fixture) {
    if (loaded != fixture) {
      database.clear();
      database.store(Map.of(fixture.profile(), fixture.events()));
      loaded = fixture;
    }
    Optional<List<String>> members = database.matching(expression.expr(), fixture.context(), Map.of());
    assumeTrue(members.isPresent(), () -> "falls back: " + database.queries()
        .unsupportedReason(database.query(expression.expr(), fixture.context(), Map.of())).orElse("?"));
    return members.get().contains(fixture.profile().id());
  }
}
