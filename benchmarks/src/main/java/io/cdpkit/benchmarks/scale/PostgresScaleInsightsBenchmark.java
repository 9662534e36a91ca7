package io.cdpkit.benchmarks.scale;

import io.cdpkit.benchmarks.postgres.BenchmarkServer;
import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.storage.postgres.PostgresOptions;
import io.cdpkit.storage.postgres.PostgresStorage;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link InsightsAgainstHandSql} on the {@link PostgresScaleDataset} database, the hand-written SQL
 * with {@code jsonb} operators.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar PostgresScaleInsightsBenchmark -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
public class PostgresScaleInsightsBenchmark extends InsightsAgainstHandSql {
  private BenchmarkServer server;

  @Setup
  public void setUp() throws SQLException {
    server = PostgresScaleDataset.start();
    String url = server.url(PostgresScaleDataset.DATABASE);
    start(CdpPlatform.builder()
            .storage(PostgresStorage.open(url, PostgresOptions.defaults().withPoolSize(2)))
            .clock(Clock.fixed(ScaleDataset.NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC).build(),
        DriverManager.getConnection(url));
  }

  @TearDown
  public void tearDown() throws SQLException {
    stop();
    server.close();
  }

  @Override
  String topCategoriesSql() {
    return "SELECT properties ->> 'category' v, count(*) n"
        + " FROM events WHERE type = 'purchase' GROUP BY v ORDER BY n DESC, v LIMIT 5";
  }

  @Override
  String monthlyActiveSql() {
    return "SELECT m, count(*), count(*) FILTER (WHERE EXISTS"
        + " (SELECT 1 FROM identifiers i WHERE i.profile_id = a.profile_id"
        + " AND i.type <> 'anonymous_id')) FROM (SELECT DISTINCT"
        + " to_char(to_timestamp(ts / 1000000000) AT TIME ZONE 'UTC', 'YYYY-MM') AS m, profile_id"
        + " FROM events WHERE type NOT IN " + INACTIVE_TYPES + " AND ts >= ? AND ts < ?) a GROUP BY m";
  }
}
