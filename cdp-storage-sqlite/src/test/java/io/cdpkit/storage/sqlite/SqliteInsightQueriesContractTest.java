package io.cdpkit.storage.sqlite;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.spi.contract.InsightQueriesContract;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The insight queries contract answered in SQL on a SQLite file. */
final class SqliteInsightQueriesContractTest extends InsightQueriesContract {
  @RegisterExtension final LeakCheck leaks = new LeakCheck();
  @TempDir Path dir;
  private SqliteStorage storage;

  @Override
  protected Storage storage() {
    storage = leaks.track(SqliteStorage.open(dir.resolve("insights.db")));
    return storage;
  }

  @Override
  protected InsightQueries queries(Segments segments) {
    return storage.insightQueries(segments);
  }
}
