package io.cdpkit.benchmarks.scale;

import io.cdpkit.platform.CdpPlatform;
import io.cdpkit.storage.sqlite.SqliteStorage;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link InsightsAgainstHandSql} on the {@link ScaleDataset} SQLite file, the hand-written SQL with
 * SQLite's JSON functions.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ScaleInsightsBenchmark -f 1 -wi 1 -i 3}
 */
@State(Scope.Benchmark)
public class ScaleInsightsBenchmark extends InsightsAgainstHandSql {

  @Setup
  public void setUp() throws SQLException {
    start(CdpPlatform.builder().storage(SqliteStorage.open(ScaleDataset.file()))
            .clock(Clock.fixed(ScaleDataset.NOW, ZoneOffset.UTC)).zone(ZoneOffset.UTC).build(),
        DriverManager.getConnection("jdbc:sqlite:" + ScaleDataset.file()));
  }

  @TearDown
  public void tearDown() throws SQLException {
    stop();
  }

  @Override
  String topCategoriesSql() {
    return "SELECT json_extract(properties, '$.category') v, count(*) n"
        + " FROM events WHERE type = 'purchase' GROUP BY v ORDER BY n DESC, v LIMIT 5";
  }

  @Override
  String monthlyActiveSql() {
    return "SELECT m, count(*), sum(EXISTS (SELECT 1 FROM identifiers i"
        + " WHERE i.profile_id = a.profile_id AND i.type <> 'anonymous_id')) FROM (SELECT DISTINCT"
        + " strftime('%Y-%m', ts / 1000000000, 'unixepoch') AS m, profile_id FROM events"
        + " WHERE type NOT IN " + INACTIVE_TYPES + " AND ts >= ? AND ts < ?) a GROUP BY m";
  }
}
