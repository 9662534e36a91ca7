package io.cdpkit.storage.postgres.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdpkit.segments.SegmentExpression;
import io.cdpkit.segments.spi.contract.ConformanceCases;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Which conformance cases PostgreSQL answers natively; the rest fall back to the evaluator. */
final class PgSqlNativeCoverageTest {

  @Test
  @DisplayName("136 of the 243 conformance cases compile to PostgreSQL; the others fall back for a known reason")
  void conformanceCases_compileNatively() {
    List<ConformanceCases.Case> cases = ConformanceCases.all();
    Map<String, Integer> reasons = new TreeMap<>();
    int compiled = 0;
    try (PgSegmentSqlFixtures database = new PgSegmentSqlFixtures()) {
      for (ConformanceCases.Case c : cases) {
        Optional<String> reason = database.queries().unsupportedReason(database.query(
            SegmentExpression.parse(c.expression()).expr(), c.fixture().context(), Map.of()));
        if (reason.isEmpty()) {
          compiled++;
        } else {
          reasons.merge(reason.get().replaceAll("(with|level:) .*", "$1 ..."), 1, Integer::sum);
        }
      }
    }
    System.out.printf("PostgreSQL compiles %d of %d conformance cases natively; falling back: %s%n",
        compiled, cases.size(), reasons);
    assertThat(reasons.keySet()).allMatch(r -> r.startsWith("a ") || r.startsWith("an avg")
        || r.startsWith("any "));
    assertThat(compiled).as("natively compiled of %d", cases.size()).isEqualTo(136);
    assertThat(cases).hasSize(243);
  }
}
