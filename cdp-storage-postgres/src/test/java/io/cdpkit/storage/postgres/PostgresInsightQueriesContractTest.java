package io.cdpkit.storage.postgres;

import io.cdpkit.core.spi.Storage;
import io.cdpkit.segments.Segments;
import io.cdpkit.segments.insights.InsightQueries;
import io.cdpkit.segments.spi.contract.InsightQueriesContract;
import org.junit.jupiter.api.AfterEach;

/** The insight queries contract answered in SQL on PostgreSQL. */
final class PostgresInsightQueriesContractTest extends InsightQueriesContract {
  private PostgresStorage storage;

  @Override
  protected Storage storage() {
    storage = TestPostgres.freshStorage();
    return storage;
  }

  @Override
  protected InsightQueries queries(Segments segments) {
    return storage.insightQueries(segments);
  }

  @AfterEach
  void closeStorage() {
    storage.close();
  }
}
